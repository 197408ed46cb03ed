import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering partial indexes for the audit reports: the per-GP, per-post and region aggregates read
 * live diensten of an HDS by date and the HDS's active assignments by index-only scans (see
 * `npm run bench:audit` for the plans). Declared with synchronize: false on the rosters' entities.
 */
export class AuditReportIndexes1795431239785 implements MigrationInterface {
  name = 'AuditReportIndexes1795431239785';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "shifts_live_by_hds_date" ON "shifts" ("hds_id", "local_date")
         INCLUDE ("id", "period_id", "post_id", "required", "minutes_avond", "minutes_nacht", "minutes_weekend", "minutes_feestdag")
         WHERE removed_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "assignments_live_by_hds" ON "assignments" ("hds_id", "shift_id") INCLUDE ("gp_id") WHERE removed_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "assignments_live_by_hds"');
    await queryRunner.query('DROP INDEX "shifts_live_by_hds_date"');
  }
}
