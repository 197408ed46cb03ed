import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChangeContext } from '@anw/audit';
import { PeriodStatus, RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterVersionEntity, type VersionShift } from '../entities/roster-version.entity.js';
import { diffVersions, type VersionDiff } from '../domain/version-diff.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { findPeriod } from './period-reads.js';

/** A period's versions: frozen at publication and at every amendment after it, and the difference between two. */
@Injectable()
export class PeriodVersionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listVersions(hdsId: string, periodId: string): Promise<Omit<RosterVersionEntity, 'shifts'>[]> {
    await findPeriod(this.dataSource.manager, { hdsId, periodId });
    return this.dataSource.getRepository(RosterVersionEntity).find({
      where: { hdsId, periodId },
      select: { id: true, hdsId: true, periodId: true, version: true, kind: true, reason: true, createdBy: true, createdAt: true },
      order: { version: 'ASC' },
    });
  }

  /** The difference between two versions; `to` omitted means the current state. */
  async diff(hdsId: string, periodId: string, { from, to }: { from: number; to?: number }): Promise<VersionDiff & { from: number; to: number | 'current' }> {
    await findPeriod(this.dataSource.manager, { hdsId, periodId });
    const load = async (version: number): Promise<VersionShift[]> => {
      const v = await this.dataSource.getRepository(RosterVersionEntity).findOneBy({ hdsId, periodId, version });
      if (!v) throw new RosterError(RosterErrorCode.VersionNotFound, `Versie ${version} van deze periode bestaat niet.`);
      return v.shifts;
    };
    const left = await load(from);
    const right = to === undefined ? await this.snapshot(this.dataSource.manager, periodId) : await load(to);
    return { from, to: to ?? 'current', ...diffVersions(left, right) };
  }

  /** After publication every change freezes a new version with its reason. */
  async amend(m: EntityManager, ctx: ChangeContext, { period, reason }: { period: RosterPeriodEntity; reason: string | undefined }): Promise<void> {
    if (period.status === PeriodStatus.Draft) return;
    const version = period.version + 1;
    await m.insert(RosterVersionEntity, { hdsId: ctx.hdsId, periodId: period.id, version, kind: 'amendment', reason: reason ?? null, shifts: await this.snapshot(m, period.id), createdBy: ctx.actorUserId });
    await m.update(RosterPeriodEntity, { id: period.id }, { status: PeriodStatus.Amended, version });
    period.version = version;
    period.status = PeriodStatus.Amended;
  }

  async snapshot(m: EntityManager, periodId: string): Promise<VersionShift[]> {
    const rows = (await m.query(
      `SELECT s.id, s.post_id, s.code, s.role, s.local_date::text AS local_date, s.start_at, s.end_at, s.required,
              coalesce(array_agg(a.gp_id ORDER BY a.gp_id) FILTER (WHERE a.gp_id IS NOT NULL), '{}') AS gp_ids
         FROM shifts s LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.period_id = $1 AND s.removed_at IS NULL
        GROUP BY s.id ORDER BY s.start_at, s.id`,
      [periodId],
    )) as { id: string; post_id: string; code: string; role: string; local_date: string; start_at: Date; end_at: Date; required: number; gp_ids: string[] }[];
    return rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      code: r.code,
      role: r.role,
      localDate: r.local_date,
      startAt: r.start_at.toISOString(),
      endAt: r.end_at.toISOString(),
      required: r.required,
      gpIds: r.gp_ids,
    }));
  }
}
