import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { batcher } from '../delivery/batching.js';
import { Channel, type RenderedMessage } from '../entities/notification-delivery.entity.js';
import { INVITATION_SENT_EVENT, PASSWORD_RESET_MAIL_EVENT } from '@anw/identity';
import { Audience, INTERNAL_EVENT_PREFIX, NotificationKind, ruleFor, type EventRule } from './event-rules.js';
import { InvitationMail } from './invitation-mail.js';
import { PasswordResetMail } from './password-reset-mail.js';
import { RecipientDirectory, type Recipient, type ShiftRow } from './recipient-directory.js';
import { render, renderSms, type EmailContent, type MessageContext, type ShiftInfo } from './templates.js';

export interface OutboxEventRow {
  id: string;
  hdsId: string;
  type: string;
  payload: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

/** One message to put in the ledger. */
export interface DeliveryDraft {
  hdsId: string;
  source: string;
  eventId: string | null;
  kind: string;
  recipient: string;
  channel: Channel;
  address: string;
  message: RenderedMessage;
  requestId: string | null;
}

interface VersionShiftJson {
  id: string;
  postId: string;
  code: string;
  role: string;
  startAt: string;
  endAt: string;
  gpIds: string[];
}

function isoDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Turns an event into rendered messages per recipient and channel, following EVENT_RULES. */
@Injectable()
export class MessageComposer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: RecipientDirectory,
    private readonly invitations: InvitationMail,
    private readonly passwordResets: PasswordResetMail,
  ) {}

  /** The active webhook of an HDS, looked up once for all events fanned out side by side. */
  private readonly webhooks = batcher<string, { url: string } | undefined>(async (hdsIds) => {
    const rows = (await this.dataSource.query('SELECT hds_id, url FROM notification_webhooks WHERE hds_id = ANY($1::uuid[]) AND active', [[...new Set(hdsIds)]])) as { hds_id: string; url: string }[];
    const byHds = new Map(rows.map((r) => [r.hds_id, { url: r.url }]));
    return hdsIds.map((id) => byHds.get(id));
  });

  feedUrl(hdsId: string): string {
    return `${this.config.http.publicBaseUrl}/hds/${hdsId}/feeds`;
  }

  async forEvent(event: OutboxEventRow): Promise<DeliveryDraft[]> {
    const drafts: DeliveryDraft[] = [];
    if (!event.type.startsWith(INTERNAL_EVENT_PREFIX)) drafts.push(...(await this.webhook(event)));
    const rule = ruleFor(event.type);
    if (rule) drafts.push(...(await this.people(event, rule)));
    if (event.type === INVITATION_SENT_EVENT) drafts.push(...(await this.invitations.forEvent(event)));
    if (event.type === PASSWORD_RESET_MAIL_EVENT) drafts.push(...(await this.passwordResets.forEvent(event)));
    return drafts;
  }

  /** The reminder of one GP for one dienst, on the channels they chose. */
  async forReminder(shift: ShiftRow, gp: Recipient): Promise<DeliveryDraft[]> {
    if (!gp.kinds.has(NotificationKind.Reminder) || gp.reminderLeadMinutes === null) return [];
    const context: MessageContext = {
      locale: gp.locale,
      recipientName: gp.name,
      hdsName: await this.directory.hdsName(shift.hdsId),
      feedUrl: this.feedUrl(shift.hdsId),
      shift,
      leadMinutes: gp.reminderLeadMinutes,
    };
    const content = render('reminder', context);
    if (!content) return [];
    const source = `reminder:${shift.id}:${gp.gpId}:${shift.startAt.getTime()}`;
    return this.channels(gp, content, context, { hdsId: shift.hdsId, source, eventId: null, kind: 'reminder', requestId: null });
  }

  private async webhook(event: OutboxEventRow): Promise<DeliveryDraft[]> {
    const hook = await this.webhooks.load(event.hdsId);
    if (!hook) return [];
    return [
      {
        hdsId: event.hdsId,
        source: event.id,
        eventId: event.id,
        kind: event.type,
        recipient: `hds:${event.hdsId}`,
        channel: Channel.Webhook,
        address: hook.url,
        message: { body: { id: event.id, type: event.type, hdsId: event.hdsId, occurredAt: event.createdAt.toISOString(), payload: event.payload } },
        requestId: event.requestId,
      },
    ];
  }

  private async people(event: OutboxEventRow, rule: EventRule): Promise<DeliveryDraft[]> {
    const base = { hdsId: event.hdsId, source: event.id, eventId: event.id, kind: event.type, requestId: event.requestId };
    if (rule.audience === Audience.PeriodDigest) return this.digest(event, base);
    const p = event.payload;
    const shift = await this.directory.shift(event.hdsId, p.shiftId);
    if (rule.publishedOnly && !(await this.publishedBefore(event, shift))) return [];
    const recipients = await this.audience(event, rule, shift);
    if (recipients.length === 0) return [];
    const hdsName = await this.directory.hdsName(event.hdsId);
    const before = typeof p.before === 'object' && p.before !== null ? (p.before as Record<string, unknown>) : undefined;
    const beforeStart = isoDate(before?.startAt);
    const beforeEnd = isoDate(before?.endAt);
    const reason = typeof p.reason === 'string' ? p.reason : await this.auditedReason(event);
    const fromName = await this.directory.gpName(event.hdsId, p.fromGpId);
    const toName = await this.directory.gpName(event.hdsId, p.toGpId);
    const drafts: DeliveryDraft[] = [];
    for (const r of recipients) {
      if (!r.kinds.has(rule.kind)) continue;
      const context: MessageContext = {
        locale: r.locale,
        recipientName: r.name,
        hdsName,
        feedUrl: this.feedUrl(event.hdsId),
        shift,
        before: beforeStart && beforeEnd ? { startAt: beforeStart, endAt: beforeEnd } : undefined,
        otherGpName: r.gpId === p.toGpId ? fromName : toName,
        reason,
      };
      const content = render(event.type, context);
      if (content) drafts.push(...this.channels(r, content, context, base));
    }
    return drafts;
  }

  private channels(r: Recipient, content: EmailContent, context: MessageContext, base: Omit<DeliveryDraft, 'recipient' | 'channel' | 'address' | 'message'>): DeliveryDraft[] {
    const out: DeliveryDraft[] = [];
    if (r.wantsEmail && r.email) out.push({ ...base, recipient: r.key, channel: Channel.Email, address: r.email, message: { subject: content.subject, text: content.text } });
    if (r.wantsSms && r.phone) out.push({ ...base, recipient: r.key, channel: Channel.Sms, address: r.phone, message: { text: renderSms(content, context) } });
    return out;
  }

  /** Roster edits keep their reason in the audit record written in the same request, not in the event. */
  private async auditedReason(event: OutboxEventRow): Promise<string | undefined> {
    const entityId = event.payload.shiftId;
    if (!event.requestId || typeof entityId !== 'string') return undefined;
    const [row] = (await this.dataSource.query(
      `SELECT reason FROM audit_records WHERE hds_id = $1 AND entity_type = 'shift' AND entity_id = $2 AND request_id = $3 AND action = $4 ORDER BY seq DESC LIMIT 1`,
      [event.hdsId, entityId, event.requestId, event.type],
    )) as { reason: string | null }[];
    return row?.reason ?? undefined;
  }

  /** Roster edits reach people only when made after publication (drafts change all day). */
  private async publishedBefore(event: OutboxEventRow, shift: ShiftRow | undefined): Promise<boolean> {
    let publishedAt = shift?.periodPublishedAt ?? null;
    if (!shift && typeof event.payload.periodId === 'string') {
      const [row] = (await this.dataSource.query('SELECT published_at FROM roster_periods WHERE hds_id = $1 AND id = $2', [event.hdsId, event.payload.periodId])) as { published_at: Date | null }[];
      publishedAt = row?.published_at ?? null;
    }
    return publishedAt !== null && publishedAt.getTime() <= event.createdAt.getTime();
  }

  private async audience(event: OutboxEventRow, rule: EventRule, shift: ShiftRow | undefined): Promise<Recipient[]> {
    const p = event.payload;
    const ids = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    switch (rule.audience) {
      case Audience.Gp:
        return this.directory.gps(event.hdsId, ids(p.gpId));
      case Audience.Gps:
        return this.directory.gps(event.hdsId, ids(p.gpIds));
      case Audience.FromGp:
        return this.directory.gps(event.hdsId, ids(p.fromGpId));
      case Audience.ToGp:
        return this.directory.gps(event.hdsId, ids(p.toGpId));
      case Audience.OfferCandidates:
        if (Array.isArray(p.gpIds)) return this.directory.gps(event.hdsId, ids(p.gpIds));
        return shift ? this.directory.qualifiedGps(event.hdsId, shift.role, typeof p.fromGpId === 'string' ? p.fromGpId : null) : [];
      case Audience.Planners:
        return this.directory.planners(event.hdsId);
      case Audience.PeriodDigest:
        return [];
    }
  }

  /** One digest per GP with their diensten of the period as published (the frozen version). */
  private async digest(event: OutboxEventRow, base: Omit<DeliveryDraft, 'recipient' | 'channel' | 'address' | 'message'>): Promise<DeliveryDraft[]> {
    const periodId = event.payload.periodId;
    if (typeof periodId !== 'string') return [];
    const [period] = (await this.dataSource.query('SELECT id, name, start_date, end_date FROM roster_periods WHERE hds_id = $1 AND id = $2', [event.hdsId, periodId])) as {
      id: string;
      name: string;
      start_date: string;
      end_date: string;
    }[];
    if (!period) return [];
    const version = typeof event.payload.version === 'number' ? event.payload.version : 1;
    const [frozen] = (await this.dataSource.query('SELECT shifts FROM roster_versions WHERE hds_id = $1 AND period_id = $2 AND version = $3', [event.hdsId, periodId, version])) as { shifts: VersionShiftJson[] }[];
    const posts = new Map(
      ((await this.dataSource.query('SELECT id, name FROM posts WHERE hds_id = $1', [event.hdsId])) as { id: string; name: string }[]).map((r) => [r.id, r.name]),
    );
    const byGp = new Map<string, ShiftInfo[]>();
    const shifts: VersionShiftJson[] = frozen?.shifts ?? (await this.liveShifts(event.hdsId, periodId));
    for (const s of shifts) {
      const info: ShiftInfo = { id: s.id, startAt: new Date(s.startAt), endAt: new Date(s.endAt), post: posts.get(s.postId) ?? '', code: s.code, role: s.role };
      for (const gpId of s.gpIds) {
        const list = byGp.get(gpId);
        if (list) list.push(info);
        else byGp.set(gpId, [info]);
      }
    }
    const hdsName = await this.directory.hdsName(event.hdsId);
    const drafts: DeliveryDraft[] = [];
    for (const r of await this.directory.gpsOfPeriod(event.hdsId, period.start_date, period.end_date)) {
      if (!r.kinds.has(NotificationKind.Roster) || !r.gpId) continue;
      const mine = (byGp.get(r.gpId) ?? []).sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
      const context: MessageContext = {
        locale: r.locale,
        recipientName: r.name,
        hdsName,
        feedUrl: this.feedUrl(event.hdsId),
        period: { name: period.name, startDate: period.start_date, endDate: period.end_date, shifts: mine },
      };
      const content = render(event.type, context);
      if (content) drafts.push(...this.channels(r, content, { ...context, shift: undefined }, base));
    }
    return drafts;
  }

  private async liveShifts(hdsId: string, periodId: string): Promise<VersionShiftJson[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.post_id, s.code, s.role, s.start_at, s.end_at, coalesce(array_agg(a.gp_id) FILTER (WHERE a.gp_id IS NOT NULL), '{}') AS gp_ids
         FROM shifts s LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL GROUP BY s.id`,
      [hdsId, periodId],
    )) as { id: string; post_id: string; code: string; role: string; start_at: Date; end_at: Date; gp_ids: string[] }[];
    return rows.map((r) => ({ id: r.id, postId: r.post_id, code: r.code, role: r.role, startAt: r.start_at.toISOString(), endAt: r.end_at.toISOString(), gpIds: r.gp_ids }));
  }
}
