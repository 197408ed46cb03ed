import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns only ever carried, never searched: the audit trail's contents and hashes and the outbox's
 * payloads. No query filters, joins or sorts on the whole value (the reports read after->>'x' from
 * rows found by their other columns, and the planner has no use for a jsonb column's statistics
 * there), yet ANALYZE sampled and sorted them. Autovacuum analyses these trade-heavy tables each
 * time a tenth of their size has been added, and sampling and sorting these wide values was most
 * of each pass's work, time a core spent away from the trades. Statistics target 0: ANALYZE skips
 * the column; everything else is unchanged.
 */
const CARRIED: Record<string, string[]> = {
  audit_records: ['before', 'after', 'reason', 'hash', 'prev_hash'],
  outbox_events: ['payload'],
};

export class LeanStatistics1795442000000 implements MigrationInterface {
  name = 'LeanStatistics1795442000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(CARRIED)) {
      await queryRunner.query(`ALTER TABLE "${table}" ${columns.map((c) => `ALTER COLUMN "${c}" SET STATISTICS 0`).join(', ')}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(CARRIED)) {
      await queryRunner.query(`ALTER TABLE "${table}" ${columns.map((c) => `ALTER COLUMN "${c}" SET STATISTICS -1`).join(', ')}`);
    }
  }
}
