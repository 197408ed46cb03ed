import type { MigrationInterface, QueryRunner } from 'typeorm';

// The marketplace tables whose pending trades the feeds show as TENTATIVE (TentativeTrades).
const WATCHED = ['market_swaps', 'market_claims', 'market_offers'];
const TRIGGERS = ['calendar_notify_ins', 'calendar_notify_upd', 'calendar_notify_del', 'calendar_notify_trunc'];

/**
 * The calendars migration's statement triggers on the marketplace tables: proposing, accepting,
 * withdrawing or deciding a trade changes what the HDS's feeds show, so the API replicas must drop
 * their cached feeds (and ETags) of that HDS. One pg_notify per HDS per statement, sent on commit.
 */
export class MarketCalendarTriggers1795441000000 implements MigrationInterface {
  name = 'MarketCalendarTriggers1795441000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of WATCHED) {
      await queryRunner.query(`CREATE TRIGGER calendar_notify_ins AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('hds_id')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_upd AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('hds_id')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_del AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('hds_id')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_trunc AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_all()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of WATCHED) {
      for (const trigger of TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger} ON "${table}"`);
    }
  }
}
