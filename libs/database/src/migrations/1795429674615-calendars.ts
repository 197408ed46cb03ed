import type { MigrationInterface, QueryRunner } from 'typeorm';

// Tables whose changes alter what a feed shows, with the column that names their HDS.
const WATCHED: [table: string, hdsColumn: string][] = [
  ['shifts', 'hds_id'],
  ['assignments', 'hds_id'],
  ['roster_periods', 'hds_id'],
  ['posts', 'hds_id'],
  ['gps', 'hds_id'],
  ['hds', 'id'],
];

/**
 * The body of calendar_notify_changes(column): one pg_notify per HDS named in that column of the
 * changed rows (the trigger's transition tables), read with a dynamic EXECUTE. Expects `hds uuid`.
 */
export const NOTIFY_BY_COLUMN = `
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          FOR hds IN EXECUTE format('SELECT DISTINCT %I FROM new_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[0]) LOOP
            PERFORM pg_notify('anw_calendar', hds::text);
          END LOOP;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          FOR hds IN EXECUTE format('SELECT DISTINCT %I FROM old_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[0]) LOOP
            PERFORM pg_notify('anw_calendar', hds::text);
          END LOOP;
        END IF;`;

export class Calendars1795429674615 implements MigrationInterface {
  name = 'Calendars1795429674615';

  /**
   * Calendar feeds, and the triggers that tell every API replica which HDS's feeds changed:
   * statement-level, once per statement, with one pg_notify('anw_calendar', hds id) per HDS
   * touched (PostgreSQL sends them only on commit and folds duplicates within a transaction).
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"calendar_feeds\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"gp_id\" uuid, \"post_id\" uuid, \"token_hash\" text NOT NULL, \"token_issued_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"content_hash\" text, \"last_modified\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT date_trunc('second', now()), CONSTRAINT \"PK_045067d8bb57f971f3c5426ea71\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_12deeb6d4b7a2b979b33189f17\" ON \"calendar_feeds\"  (\"hds_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_df53b5f17d35a6bac0fb13e16a\" ON \"calendar_feeds\"  (\"token_hash\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"calendar_feeds_hds_active\" ON \"calendar_feeds\"  (\"hds_id\") WHERE kind = 'hds' AND revoked_at IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"calendar_feeds_post_active\" ON \"calendar_feeds\"  (\"post_id\") WHERE revoked_at IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"calendar_feeds_gp_active\" ON \"calendar_feeds\"  (\"gp_id\") WHERE revoked_at IS NULL");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" ADD CONSTRAINT \"FK_12deeb6d4b7a2b979b33189f17a\" FOREIGN KEY (\"hds_id\") REFERENCES \"hds\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" ADD CONSTRAINT \"FK_b592c56291279a5f28cee3de629\" FOREIGN KEY (\"gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" ADD CONSTRAINT \"FK_97179022a884cba04322dc1509d\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query(`
      CREATE FUNCTION calendar_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE hds uuid;
      BEGIN
${NOTIFY_BY_COLUMN}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION calendar_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('anw_calendar', '*');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION calendar_notify_feed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('anw_calendar', OLD.hds_id::text);
        RETURN NULL;
      END $$`);
    for (const [table, column] of WATCHED) {
      await queryRunner.query(`CREATE TRIGGER calendar_notify_ins AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('${column}')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_upd AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('${column}')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_del AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_changes('${column}')`);
      await queryRunner.query(`CREATE TRIGGER calendar_notify_trunc AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify_all()`);
    }
    // A new or revoked token must reach every replica's token cache; the content hash and
    // Last-Modified the server records while rendering must not (that would loop).
    await queryRunner.query(`CREATE TRIGGER calendar_notify_token AFTER UPDATE OF token_hash, revoked_at ON "calendar_feeds" FOR EACH ROW
      WHEN (OLD.token_hash IS DISTINCT FROM NEW.token_hash OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at) EXECUTE FUNCTION calendar_notify_feed()`);
    await queryRunner.query('CREATE TRIGGER calendar_notify_feed_del AFTER DELETE ON "calendar_feeds" FOR EACH ROW EXECUTE FUNCTION calendar_notify_feed()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of WATCHED) {
      for (const trigger of ['calendar_notify_ins', 'calendar_notify_upd', 'calendar_notify_del', 'calendar_notify_trunc']) {
        await queryRunner.query(`DROP TRIGGER ${trigger} ON "${table}"`);
      }
    }
    await queryRunner.query('DROP TRIGGER calendar_notify_token ON "calendar_feeds"');
    await queryRunner.query('DROP TRIGGER calendar_notify_feed_del ON "calendar_feeds"');
    await queryRunner.query('DROP FUNCTION calendar_notify_feed()');
    await queryRunner.query('DROP FUNCTION calendar_notify_all()');
    await queryRunner.query('DROP FUNCTION calendar_notify_changes()');
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" DROP CONSTRAINT \"FK_97179022a884cba04322dc1509d\"");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" DROP CONSTRAINT \"FK_b592c56291279a5f28cee3de629\"");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" DROP CONSTRAINT \"FK_12deeb6d4b7a2b979b33189f17a\"");
    await queryRunner.query("DROP INDEX \"public\".\"calendar_feeds_gp_active\"");
    await queryRunner.query("DROP INDEX \"public\".\"calendar_feeds_post_active\"");
    await queryRunner.query("DROP INDEX \"public\".\"calendar_feeds_hds_active\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_df53b5f17d35a6bac0fb13e16a\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_12deeb6d4b7a2b979b33189f17\"");
    await queryRunner.query("DROP TABLE \"calendar_feeds\"");
  }
}
