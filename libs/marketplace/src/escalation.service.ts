import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { PeriodStatus } from '@anw/rosters';
import { escalationHorizonMs } from './domain/policy.js';
import { MarketplacePolicyService } from './marketplace-policy.service.js';

export interface EscalatedShift {
  shiftId: string;
  periodId: string;
  startAt: string;
  openPositions: number;
}

/**
 * Diensten still (partly) open N days before they start (policy `escalateOpenDaysBefore`) escalate
 * to the planners: one `shift.still_open` event per dienst, ever — a second run emits nothing for
 * it, and two runs at once cannot both emit (the escalation row is the dienst's primary key).
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly policies: MarketplacePolicyService,
  ) {}

  async run(ctx: ChangeContext, now = new Date()): Promise<{ escalated: EscalatedShift[] }> {
    return this.dataSource.transaction(async (m) => {
      const policy = await this.policies.get(ctx.hdsId, m);
      const horizon = new Date(escalationHorizonMs(policy, now.getTime()));
      const rows = (await m.query(
        `INSERT INTO market_escalations (shift_id, hds_id, open_positions, escalated_at)
         SELECT s.id, s.hds_id, s.required - count(a.id), $2
           FROM shifts s
           JOIN roster_periods p ON p.id = s.period_id AND p.status = ANY($4::text[])
           LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
          WHERE s.hds_id = $1 AND s.removed_at IS NULL AND s.start_at > $2 AND s.start_at <= $3
          GROUP BY s.id
         HAVING s.required > count(a.id)
         ON CONFLICT (shift_id) DO NOTHING
         RETURNING shift_id, open_positions`,
        [ctx.hdsId, now, horizon, [PeriodStatus.Published, PeriodStatus.Amended]],
      )) as { shift_id: string; open_positions: number }[];
      if (rows.length === 0) return { escalated: [] };
      const shifts = (await m.query('SELECT id, period_id, start_at FROM shifts WHERE id = ANY($1::uuid[]) ORDER BY start_at, id', [rows.map((r) => r.shift_id)])) as { id: string; period_id: string; start_at: Date }[];
      const open = new Map(rows.map((r) => [r.shift_id, r.open_positions]));
      const escalated = shifts.map((s) => ({ shiftId: s.id, periodId: s.period_id, startAt: s.start_at.toISOString(), openPositions: open.get(s.id) ?? 0 }));
      await this.audit.record(m, ctx, { action: 'marketplace.escalated', entityType: 'hds', entityId: ctx.hdsId, after: { days: policy.escalateOpenDaysBefore, shifts: escalated } });
      for (const e of escalated) {
        await this.audit.emit(m, ctx, { type: 'shift.still_open', payload: { shiftId: e.shiftId, periodId: e.periodId, startAt: e.startAt, openPositions: e.openPositions, days: policy.escalateOpenDaysBefore } });
      }
      return { escalated };
    });
  }

  /** Every HDS, one transaction each: for the worker's or a cron's periodic call. */
  async runAll(now = new Date()): Promise<{ hdsId: string; escalated: number }[]> {
    const hdsIds = (await this.dataSource.query('SELECT id FROM hds ORDER BY id')) as { id: string }[];
    const result: { hdsId: string; escalated: number }[] = [];
    for (const { id } of hdsIds) {
      try {
        const { escalated } = await this.run({ hdsId: id, actorUserId: null }, now);
        result.push({ hdsId: id, escalated: escalated.length });
      } catch (error) {
        this.logger.error({ err: error, hdsId: id }, 'escalation run failed');
      }
    }
    return result;
  }
}
