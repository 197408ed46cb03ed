import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recurring wishes per GP per period (roster instance 1.1 preferences, expanded by the service). */
export class RecurringWishes1795448000000 implements MigrationInterface {
  name = 'RecurringWishes1795448000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "recurring_wishes" (
        "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
        "hds_id" uuid NOT NULL,
        "gp_id" uuid NOT NULL,
        "period_id" uuid NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('want', 'avoid')),
        "weekday" smallint NOT NULL CHECK ("weekday" BETWEEN 1 AND 7),
        "start_time" text NOT NULL,
        "end_time" text NOT NULL,
        "weight" smallint NOT NULL DEFAULT 1 CHECK ("weight" BETWEEN 1 AND 3),
        "note" text NOT NULL DEFAULT '',
        "entered_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_recurring_wishes" PRIMARY KEY ("id"),
        CONSTRAINT "FK_recurring_wishes_hds" FOREIGN KEY ("hds_id") REFERENCES "hds"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_recurring_wishes_gp" FOREIGN KEY ("gp_id") REFERENCES "gps"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_recurring_wishes_period" FOREIGN KEY ("period_id") REFERENCES "roster_periods"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_recurring_wishes_period_gp" ON "recurring_wishes" ("hds_id", "period_id", "gp_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recurring_wishes"`);
  }
}
