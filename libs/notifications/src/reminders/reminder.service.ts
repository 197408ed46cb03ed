import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotificationJob, type NotificationReminderPayload } from '@anw/platform';
import { DeliveryService } from '../delivery/delivery.service.js';
import { ALL_KINDS, NotificationKind } from '../messages/event-rules.js';
import { MessageComposer } from '../messages/message-composer.js';
import { RecipientDirectory, type Recipient, type ShiftRow } from '../messages/recipient-directory.js';
import { DEFAULT_REMINDER_LEAD_MINUTES, MAX_REMINDER_LEAD_MINUTES, NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';
import { NotificationQueues, reminderJobId } from '../worker/queue-connections.js';

const LIVE_PERIOD = ['published', 'amended'];

/**
 * Reminders before each dienst, as delayed jobs with one id per (dienst, GP): re-planned (removed
 * and added again) when the dienst moves or the GP's lead time changes, removed when the GP is
 * taken off or trades it away. Only reminders due within the horizon are queued; a periodic top-up
 * queues the rest as they come near, and rebuilds them all after Redis lost its data.
 */
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: NotificationQueues,
    private readonly directory: RecipientDirectory,
    private readonly composer: MessageComposer,
    private readonly deliveries: DeliveryService,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  /**
   * Plans the reminders of the GPs on the named diensten (all of them, or only the named GPs) and
   * removes those of the named GPs who are no longer on them.
   */
  async replanShifts(hdsId: string, shiftIds: string[], gpIds: string[], everyone: boolean, now = Date.now()): Promise<void> {
    for (const shiftId of shiftIds) {
      const shift = await this.directory.shift(hdsId, shiftId);
      if (!shift) continue;
      // Only reminders within the horizon are ever queued: for a dienst far ahead there is nothing to move.
      if (!everyone && shift.startAt.getTime() > now + this.options.reminderHorizonMs + MAX_REMINDER_LEAD_MINUTES * 60_000) continue;
      const live = !shift.removed && LIVE_PERIOD.includes(shift.periodStatus);
      const active = live
        ? ((await this.dataSource.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL', [shiftId])) as { gp_id: string }[]).map((r) => r.gp_id)
        : [];
      const toPlan = everyone ? active : active.filter((id) => gpIds.includes(id));
      for (const gp of await this.directory.gps(hdsId, toPlan)) await this.plan(shift, gp, now);
      for (const gpId of gpIds) if (!active.includes(gpId)) await this.unplan(shiftId, gpId);
    }
  }

  /** After a GP changed their lead time or switched reminders off. */
  async replanGp(hdsId: string, gpId: string, now = Date.now()): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT a.shift_id FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.hds_id = $1 AND a.gp_id = $2 AND a.removed_at IS NULL AND s.removed_at IS NULL AND s.start_at > $3 AND s.start_at < $4`,
      [hdsId, gpId, new Date(now), new Date(now + this.options.reminderHorizonMs + MAX_REMINDER_LEAD_MINUTES * 60_000)],
    )) as { shift_id: string }[];
    await this.replanShifts(hdsId, rows.map((r) => r.shift_id), [gpId], false, now);
  }

  /** Queues every reminder due within the horizon that is not queued yet (ids make this idempotent). */
  async topUp(now = Date.now()): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT a.hds_id, a.shift_id, a.gp_id, s.start_at, np.id IS NOT NULL AS has_prefs, np.kinds, np.reminder_lead_minutes
         FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN roster_periods rp ON rp.id = s.period_id
         LEFT JOIN notification_preferences np ON np.hds_id = a.hds_id AND np.gp_id = a.gp_id
        WHERE a.removed_at IS NULL AND s.removed_at IS NULL AND rp.status = ANY($1) AND s.start_at > $2 AND s.start_at < $3`,
      [LIVE_PERIOD, new Date(now), new Date(now + this.options.reminderHorizonMs + MAX_REMINDER_LEAD_MINUTES * 60_000)],
    )) as { hds_id: string; shift_id: string; gp_id: string; start_at: Date; has_prefs: boolean; kinds: string[] | null; reminder_lead_minutes: number | null }[];
    const jobs = rows.flatMap((r) => {
      const kinds = new Set(r.has_prefs ? (r.kinds ?? []) : ALL_KINDS);
      const fireAt = this.fireAt(r.start_at, r.has_prefs ? r.reminder_lead_minutes : DEFAULT_REMINDER_LEAD_MINUTES, kinds, now);
      return fireAt === undefined ? [] : [this.job({ hdsId: r.hds_id, shiftId: r.shift_id, gpId: r.gp_id, startAt: r.start_at.toISOString(), fireAt: new Date(fireAt).toISOString() }, now)];
    });
    for (let i = 0; i < jobs.length; i += 1_000) await this.queues.notifications.addBulk(jobs.slice(i, i + 1_000));
    return jobs.length;
  }

  /** The delayed job fired: send the reminder unless the dienst moved or the GP is no longer on it. */
  async fire(job: Job<NotificationReminderPayload>): Promise<'sent' | 'stale'> {
    const { hdsId, shiftId, gpId, startAt } = job.data;
    const shift = await this.directory.shift(hdsId, shiftId);
    if (!shift || shift.removed || !LIVE_PERIOD.includes(shift.periodStatus) || shift.startAt.toISOString() !== startAt) return 'stale';
    const [assigned] = (await this.dataSource.query('SELECT 1 FROM assignments WHERE shift_id = $1 AND gp_id = $2 AND removed_at IS NULL', [shiftId, gpId])) as unknown[];
    if (!assigned) return 'stale';
    const [gp] = await this.directory.gps(hdsId, [gpId]);
    if (!gp) return 'stale';
    const drafts = await this.composer.forReminder(shift, gp);
    if (drafts.length === 0) return 'stale';
    await this.dataSource.transaction((m) => this.deliveries.insert(m, drafts));
    // Also re-enqueues a reminder created before but not yet sent (a repeated job).
    await this.deliveries.enqueueUnfinished([drafts[0].source]);
    return 'sent';
  }

  private async plan(shift: ShiftRow, gp: Recipient, now: number): Promise<void> {
    if (!gp.gpId) return;
    const id = reminderJobId(shift.id, gp.gpId);
    const fireAt = this.fireAt(shift.startAt, gp.reminderLeadMinutes, gp.kinds, now);
    const existing = await this.queues.notifications.getJob(id);
    const payload: NotificationReminderPayload = { hdsId: shift.hdsId, shiftId: shift.id, gpId: gp.gpId, startAt: shift.startAt.toISOString(), fireAt: fireAt === undefined ? '' : new Date(fireAt).toISOString() };
    if (existing) {
      const data = existing.data as NotificationReminderPayload;
      if (fireAt !== undefined && data.startAt === payload.startAt && data.fireAt === payload.fireAt) return;
      await existing.remove().catch(() => undefined);
    }
    if (fireAt === undefined) return;
    const job = this.job(payload, now);
    await this.queues.notifications.add(job.name, job.data, job.opts);
  }

  private async unplan(shiftId: string, gpId: string): Promise<void> {
    const existing = await this.queues.notifications.getJob(reminderJobId(shiftId, gpId));
    await existing?.remove().catch(() => undefined);
  }

  private fireAt(startAt: Date, leadMinutes: number | null, kinds: ReadonlySet<string>, now: number): number | undefined {
    if (leadMinutes === null || !kinds.has(NotificationKind.Reminder)) return undefined;
    const start = startAt.getTime();
    if (start <= now) return undefined;
    const fireAt = start - leadMinutes * 60_000;
    return fireAt > now + this.options.reminderHorizonMs ? undefined : fireAt;
  }

  private job(data: NotificationReminderPayload, now: number): { name: NotificationJob; data: NotificationReminderPayload; opts: JobsOptions } {
    return {
      name: NotificationJob.Reminder,
      data,
      opts: {
        jobId: reminderJobId(data.shiftId, data.gpId),
        delay: Math.max(0, new Date(data.fireAt).getTime() - now),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 2 * 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    };
  }
}
