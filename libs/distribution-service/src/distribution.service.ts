import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { InstanceError, parseInstance, waterFill, type RosterResult } from '@anw/distribution';
import { DistributionJob, QueueName, type DistributionSolvePayload } from '@anw/platform';
import {
  AssignmentEntity,
  AssignmentSource,
  AssignmentsService,
  GpEntity,
  GpKind,
  PeriodStatus,
  PeriodsService,
  RosterPeriodEntity,
  RosterWrites,
  RuleCheckService,
  ShiftEntity,
  ShiftsService,
} from '@anw/rosters';
import { ANW_CATEGORIES, splitInterval, type Minutes } from '@anw/time';
import { CarryOverBalanceEntity, DistributionRunEntity, RunStatus } from './distribution-run.entity.js';
import { DistributionError, DistributionErrorCode } from './distribution.errors.js';
import { buildInstance } from './instance-builder.js';

export interface RunView {
  id: string;
  periodId: string;
  status: RunStatus;
  percent: number;
  score: unknown;
  seed: number;
  seconds: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  summary?: { assignments: number; unfilled: number; maxDeviationShifts: unknown; lowerBound: unknown };
}

export interface PickWindows {
  holdersFrom: Date | null;
  holdersUntil: Date | null;
  locumsFrom: Date | null;
  locumsUntil: Date | null;
}

const ACTIVE = [RunStatus.Queued, RunStatus.Running];

/**
 * Distribution of a period: runs of the engine as BullMQ jobs (the worker solves in a thread,
 * reporting progress and honouring cancellation), the result kept as a draft, applied by a
 * planner, with the GPs' deviations carried over as next period's balances. And vrij roosteren:
 * GPs pick diensten up to their share in windows per kind before the engine fills the rest.
 */
@Injectable()
export class DistributionService {
  private readonly logger = new Logger(DistributionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Distribution) private readonly queue: Queue,
    private readonly periods: PeriodsService,
    private readonly shifts: ShiftsService,
    private readonly assignments: AssignmentsService,
    private readonly rules: RuleCheckService,
    private readonly writes: RosterWrites,
    private readonly audit: AuditTrail,
  ) {}

  async requestRun(ctx: ChangeContext, periodId: string, options: { seed?: number; seconds?: number }): Promise<RunView> {
    const run = await this.dataSource.transaction(async (m) => {
      const period = await this.periods.lockPeriod(m, { hdsId: ctx.hdsId, periodId: periodId });
      if (period.status !== PeriodStatus.Draft) {
        throw new DistributionError(DistributionErrorCode.PeriodNotDraft, 'Verdelen kan alleen in een conceptperiode; pas een gepubliceerd rooster aan met amendementen.');
      }
      const busy = await m.findOneBy(DistributionRunEntity, { hdsId: ctx.hdsId, periodId, status: In(ACTIVE) });
      if (busy) throw new DistributionError(DistributionErrorCode.RunInProgress, `Er loopt al een verdeling voor deze periode (${busy.id}).`);
      // Validate now, so a bad instance is a 422 for the planner instead of a failed job.
      const instance = await buildInstance(m, period);
      try {
        parseInstance(instance);
      } catch (error) {
        throw new DistributionError(DistributionErrorCode.InstanceInvalid, `De periode kan niet worden verdeeld: ${await describeInstanceError(m, instance, error)}`);
      }
      const saved = await m.save(
        DistributionRunEntity,
        m.create(DistributionRunEntity, {
          hdsId: ctx.hdsId,
          periodId,
          seed: options.seed ?? 1,
          seconds: options.seconds ?? 20,
          requestedBy: ctx.actorUserId,
          requestId: ctx.requestId ?? null,
        }),
      );
      await this.audit.change(m, ctx, { action: 'distribution.requested', entityType: 'distribution_run', entityId: saved.id, after: { periodId, seed: saved.seed, seconds: saved.seconds } });
      return saved;
    });
    await this.enqueue(run);
    return this.view(run);
  }

  /** Deterministic job id: enqueueing a run twice (a retry, the sweeper) collapses into one job. */
  async enqueue(run: DistributionRunEntity): Promise<void> {
    const payload: DistributionSolvePayload = { hdsId: run.hdsId, periodId: run.periodId, runId: run.id, seed: run.seed, seconds: run.seconds, requestId: run.requestId };
    try {
      await this.queue.add(DistributionJob.Solve, payload, { jobId: run.id, removeOnComplete: 1000, removeOnFail: 1000, attempts: 1 });
    } catch (error) {
      // The run stays queued in PostgreSQL; the worker's sweeper enqueues it when Redis is back.
      this.logger.warn({ runId: run.id, err: String(error) }, 'enqueue failed; the sweeper will retry');
    }
  }

  async getRun(hdsId: string, runId: string, withResult = false): Promise<RunView & { result?: unknown }> {
    const run = await this.dataSource.getRepository(DistributionRunEntity).findOneBy({ hdsId, id: runId });
    if (!run) throw new DistributionError(DistributionErrorCode.RunNotFound, `Verdeling ${runId} bestaat niet in deze HDS.`);
    return { ...this.view(run), ...(withResult && run.result ? { result: run.result } : {}) };
  }

  async listRuns(hdsId: string, periodId: string): Promise<RunView[]> {
    await this.periods.getPeriod(hdsId, periodId);
    const runs = await this.dataSource.getRepository(DistributionRunEntity).find({ where: { hdsId, periodId }, order: { createdAt: 'DESC' }, take: 50 });
    return runs.map((r) => this.view(r));
  }

  async cancel(ctx: ChangeContext, runId: string): Promise<RunView> {
    return this.dataSource.transaction(async (m) => {
      const run = await m.findOne(DistributionRunEntity, { where: { hdsId: ctx.hdsId, id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw new DistributionError(DistributionErrorCode.RunNotFound, `Verdeling ${runId} bestaat niet in deze HDS.`);
      if (!ACTIVE.includes(run.status)) throw new DistributionError(DistributionErrorCode.RunAlreadyFinished, 'Deze verdeling is al klaar.');
      run.cancelRequested = true;
      if (run.status === RunStatus.Queued) {
        run.status = RunStatus.Cancelled;
        run.finishedAt = new Date();
      }
      await m.save(run);
      await this.audit.change(m, ctx, { action: 'distribution.cancelled', entityType: 'distribution_run', entityId: runId });
      return this.view(run);
    });
  }

  /** Writes a completed run's assignments into the draft period (planner's picks and manual ones stay). */
  async apply(ctx: ChangeContext, runId: string): Promise<{ added: number; unfilled: number }> {
    return this.dataSource.transaction(async (m) => {
      const run = await m.findOne(DistributionRunEntity, { where: { hdsId: ctx.hdsId, id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw new DistributionError(DistributionErrorCode.RunNotFound, `Verdeling ${runId} bestaat niet in deze HDS.`);
      if (run.status !== RunStatus.Completed) throw new DistributionError(DistributionErrorCode.RunNotFinished, `Deze verdeling is ${run.status}, niet klaar om toe te passen.`);
      const period = await this.periods.lockPeriod(m, { hdsId: ctx.hdsId, periodId: run.periodId });
      if (period.status !== PeriodStatus.Draft) throw new DistributionError(DistributionErrorCode.PeriodNotDraft, 'De periode is al gepubliceerd.');
      const result = run.result as RosterResult;
      const shiftIds = [...new Set(result.assignments.map((a) => a.shift))];
      const shifts = shiftIds.length > 0 ? await m.find(ShiftEntity, { where: { id: In(shiftIds), periodId: period.id, removedAt: IsNull() } }) : [];
      const live = new Set(shifts.map((s) => s.id));
      const existing = shiftIds.length > 0 ? await m.find(AssignmentEntity, { where: { shiftId: In(shiftIds), removedAt: IsNull() } }) : [];
      const have = new Set(existing.map((a) => `${a.shiftId}|${a.gpId}`));
      const rows = result.assignments.filter((a) => live.has(a.shift) && !have.has(`${a.shift}|${a.gp}`)).map((a) => ({ shiftId: a.shift, gpId: a.gp }));
      await this.writes.addMany(m, { hdsId: ctx.hdsId, rows, source: AssignmentSource.Engine, at: new Date() });
      await m.delete(CarryOverBalanceEntity, { periodId: period.id });
      const balances = result.report.perGp.map((g) => ({
        periodId: period.id,
        gpId: g.gp,
        hdsId: ctx.hdsId,
        ...Object.fromEntries(ANW_CATEGORIES.map((c) => [c, g.deviation[c] ?? 0])),
      })) as CarryOverBalanceEntity[];
      for (let i = 0; i < balances.length; i += 1000) await m.insert(CarryOverBalanceEntity, balances.slice(i, i + 1000));
      run.status = RunStatus.Applied;
      await m.save(run);
      await this.audit.change(
        m,
        ctx,
        { action: 'distribution.applied', entityType: 'distribution_run', entityId: runId, after: { periodId: period.id, added: rows.length, unfilled: result.unfilled.length } },
        { type: 'distribution.applied', payload: { periodId: period.id, runId, added: rows.length } },
      );
      return { added: rows.length, unfilled: result.unfilled.length };
    });
  }

  // ---- vrij roosteren ------------------------------------------------------------------------

  async setPickWindows(ctx: ChangeContext, periodId: string, windows: PickWindows): Promise<PickWindows> {
    return this.dataSource.transaction(async (m) => {
      const period = await this.periods.lockPeriod(m, { hdsId: ctx.hdsId, periodId: periodId });
      const before = pickWindows(period);
      await m.update(RosterPeriodEntity, { id: periodId }, windows);
      await this.audit.change(m, ctx, { action: 'period.pick_windows_set', entityType: 'period', entityId: periodId, before, after: windows }, { type: 'period.pick_windows_set', payload: { periodId } });
      return windows;
    });
  }

  /** A GP picks a dienst in their window, checked at once against the hard rules and their share. */
  async pick(ctx: ChangeContext, gpId: string | null, shiftId: string, now = new Date()): Promise<{ shiftId: string; pickedHours: number; shareHours: number }> {
    if (!gpId) throw new DistributionError(DistributionErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS kan diensten kiezen.');
    const shift = await this.shifts.getShift(ctx.hdsId, shiftId);
    const period = await this.periods.getPeriod(ctx.hdsId, shift.periodId);
    const gp = await this.dataSource.getRepository(GpEntity).findOneByOrFail({ hdsId: ctx.hdsId, id: gpId });
    this.assertWindowOpen(period, gp.kind, now);
    // The hard rules first: a refusal names the rule, which helps the GP more than the quota does.
    await this.rules.assertLawful(this.dataSource.manager, [{ gp, shift }]);
    const { picked, share } = await this.pickedAndShare(period, gp.id);
    const hours = (shift.endAt.getTime() - shift.startAt.getTime()) / 3_600_000;
    if (picked + hours > share + 1e-9) {
      throw new DistributionError(
        DistributionErrorCode.QuotaReached,
        `Met deze dienst (${hours} uur) komt u boven uw aandeel van ${share.toFixed(1)} uur (al gekozen: ${picked.toFixed(1)} uur).`,
      );
    }
    await this.assignments.assign(ctx, { shiftId, gpId: gp.id, source: AssignmentSource.Pick });
    return { shiftId, pickedHours: picked + hours, shareHours: share };
  }

  async unpick(ctx: ChangeContext, gpId: string | null, shiftId: string, now = new Date()): Promise<void> {
    if (!gpId) throw new DistributionError(DistributionErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS kan diensten kiezen.');
    const shift = await this.shifts.getShift(ctx.hdsId, shiftId);
    const period = await this.periods.getPeriod(ctx.hdsId, shift.periodId);
    const gp = await this.dataSource.getRepository(GpEntity).findOneByOrFail({ hdsId: ctx.hdsId, id: gpId });
    this.assertWindowOpen(period, gp.kind, now);
    await this.assignments.unassign(ctx, { shiftId, gpId: gp.id });
  }

  /** A GP's share (hours over the ANW categories) and what they picked so far. */
  async pickedAndShare(period: RosterPeriodEntity, gpId: string, m: EntityManager = this.dataSource.manager): Promise<{ picked: number; share: number }> {
    const instance = parseInstance(await buildInstance(m, period));
    const index = instance.gps.findIndex((g) => g.id === gpId);
    let share = 0;
    for (const c of ANW_CATEGORIES) {
      const demand = instance.shifts.reduce((sum, s) => sum + s.required * (minutesIn(s, c, instance) / 60), 0);
      const eligible = instance.gps.map((g) => g.weight > 0 && !(c === 'nacht' && g.noNights));
      const shares = waterFill(demand, instance.gps.map((g) => g.weight), instance.gps.map((g) => g.balanceHours[c]), eligible);
      share += index >= 0 ? shares[index] : 0;
    }
    const [row] = (await m.query(
      `SELECT coalesce(sum(extract(epoch FROM s.end_at - s.start_at)) / 3600, 0)::float AS hours
         FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.gp_id = $1 AND a.removed_at IS NULL AND s.removed_at IS NULL AND s.period_id = $2 AND a.source = $3`,
      [gpId, period.id, AssignmentSource.Pick],
    )) as { hours: number }[];
    return { picked: row.hours, share };
  }

  private assertWindowOpen(period: RosterPeriodEntity, kind: GpKind, now: Date): void {
    if (period.status !== PeriodStatus.Draft) throw new DistributionError(DistributionErrorCode.PeriodNotDraft, 'Kiezen kan alleen vóór publicatie.');
    const w = pickWindows(period);
    const [from, until, label] = kind === GpKind.Locum ? [w.locumsFrom, w.locumsUntil, 'waarnemers'] : [w.holdersFrom, w.holdersUntil, 'praktijkhouders en HIDHA'];
    if (!from || !until || now < from || now >= until) {
      const when = from && until ? ` (${from.toISOString()} – ${until.toISOString()})` : '';
      throw new DistributionError(DistributionErrorCode.PickWindowClosed, `Het kiesvenster voor ${label} is niet open${when}.`);
    }
  }

  private view(run: DistributionRunEntity): RunView {
    const result = run.result as RosterResult | null;
    return {
      id: run.id,
      periodId: run.periodId,
      status: run.status,
      percent: run.percent,
      score: run.score,
      seed: run.seed,
      seconds: run.seconds,
      error: run.error,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      ...(result
        ? { summary: { assignments: result.assignments.length, unfilled: result.unfilled.length, maxDeviationShifts: result.report.maxDeviationShifts, lowerBound: result.report.lowerBound } }
        : {}),
    };
  }
}

/** The engine's complaint, a GP named by name rather than by their place in the instance (a pick set over a limit). */
async function describeInstanceError(m: EntityManager, instance: Record<string, unknown>, error: unknown): Promise<string> {
  if (!(error instanceof InstanceError)) return error instanceof Error ? error.message : String(error);
  const at = /^gps\[(\d+)\]/.exec(error.field);
  const gpId = at ? (instance.gps as { id: string }[])[Number(at[1])]?.id : undefined;
  const gp = gpId ? await m.findOneBy(GpEntity, { id: gpId }) : null;
  return gp ? `${gp.name}: ${error.reason}` : error.message;
}

function pickWindows(p: RosterPeriodEntity): PickWindows {
  return { holdersFrom: p.holdersFrom, holdersUntil: p.holdersUntil, locumsFrom: p.locumsFrom, locumsUntil: p.locumsUntil };
}

type SplitContext = { rules: { eveningStart: string }; holidays: string[]; timezone: string };
const holidaySets = new WeakMap<string[], Set<string>>();

function minutesIn(shift: { startMs: number; endMs: number }, category: keyof Minutes, instance: SplitContext): number {
  let holidays = holidaySets.get(instance.holidays);
  if (!holidays) {
    holidays = new Set(instance.holidays);
    holidaySets.set(instance.holidays, holidays);
  }
  return splitInterval(shift.startMs, shift.endMs, { eveningStart: instance.rules.eveningStart, holidays, zone: instance.timezone })[category];
}
