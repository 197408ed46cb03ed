import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { localIso } from '@anw/time';
import { findPeriod } from './period-reads.js';

/** A period's roster as CSV: one row per dienst with who is on it. */
@Injectable()
export class PeriodExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exportCsv(hdsId: string, periodId: string): Promise<string> {
    await findPeriod(this.dataSource.manager, { hdsId, periodId });
    const rows = (await this.dataSource.query(
      `SELECT s.local_date::text AS local_date, p.code AS post, s.code, s.role, s.start_at, s.end_at, s.required,
              coalesce(string_agg(g.name, '; ' ORDER BY g.name), '') AS gps,
              coalesce(string_agg(g.email, '; ' ORDER BY g.name), '') AS emails, count(g.id)::int AS filled
         FROM shifts s JOIN posts p ON p.id = s.post_id
         LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
         LEFT JOIN gps g ON g.id = a.gp_id
        WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL
        GROUP BY s.id, p.code ORDER BY s.start_at, p.code, s.code`,
      [hdsId, periodId],
    )) as { local_date: string; post: string; code: string; role: string; start_at: Date; end_at: Date; required: number; gps: string; emails: string; filled: number }[];
    return stringify(
      rows.map((r) => [r.local_date, r.post, r.code, r.role, localIso(r.start_at), localIso(r.end_at), ((r.end_at.getTime() - r.start_at.getTime()) / 3_600_000).toFixed(2), r.required, r.filled, r.gps, r.emails]),
      { header: true, columns: ['datum', 'post', 'dienst', 'rol', 'begin', 'einde', 'uren', 'nodig', 'bezet', 'huisartsen', 'emails'] },
    );
  }
}
