import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFY_BY_COLUMN } from './1795429674615-calendars.js';

/** calendar_notify_changes() with `body` (which may use the variable `hds uuid`). */
const notifyChanges = (body: string): string => `
      CREATE OR REPLACE FUNCTION calendar_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE hds uuid;
      BEGIN${body}
        RETURN NULL;
      END $$`;

/**
 * The calendar triggers' function (calendars migration) read the HDS ids of the changed rows with a
 * dynamic EXECUTE, because one function served tables whose HDS column differs (`hds_id`, and `id`
 * on hds itself). PL/pgSQL plans an EXECUTE afresh on every call, so every statement on a watched
 * table (each trade writes several of them) paid a parse and a plan for it, more than the rest of
 * the trigger's work. Tables with an `hds_id` column now take static statements, which PL/pgSQL
 * plans once per connection and table and keeps; only hds itself keeps the dynamic path. The notifications are the same: one
 * pg_notify('anw_calendar', hds id) per HDS the statement touched (PostgreSQL folds duplicates).
 */
export class StaticCalendarNotify1795443000000 implements MigrationInterface {
  name = 'StaticCalendarNotify1795443000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      notifyChanges(`
        IF TG_ARGV[0] = 'hds_id' THEN
          IF TG_OP = 'INSERT' THEN
            PERFORM pg_notify('anw_calendar', h::text) FROM (SELECT DISTINCT hds_id AS h FROM new_rows WHERE hds_id IS NOT NULL) changed;
          ELSIF TG_OP = 'UPDATE' THEN
            PERFORM pg_notify('anw_calendar', h::text)
              FROM (SELECT hds_id AS h FROM new_rows WHERE hds_id IS NOT NULL UNION SELECT hds_id FROM old_rows WHERE hds_id IS NOT NULL) changed;
          ELSIF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('anw_calendar', h::text) FROM (SELECT DISTINCT hds_id AS h FROM old_rows WHERE hds_id IS NOT NULL) changed;
          END IF;
          RETURN NULL;
        END IF;${NOTIFY_BY_COLUMN}`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(notifyChanges(NOTIFY_BY_COLUMN));
  }
}
