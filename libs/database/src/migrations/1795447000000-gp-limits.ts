import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-GP limits (roster instance 1.1, hard rule 8): at most one approved and one requested row
 * per GP and period, a null period meaning every period (hence the coalesce in the unique index).
 */
export class GpLimits1795447000000 implements MigrationInterface {
  name = 'GpLimits1795447000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "gp_limits" (
        "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
        "hds_id" uuid NOT NULL,
        "gp_id" uuid NOT NULL,
        "period_id" uuid,
        "night" integer CHECK ("night" >= 0),
        "weekend" integer CHECK ("weekend" >= 0),
        "holiday" integer CHECK ("holiday" >= 0),
        "evening" integer CHECK ("evening" >= 0),
        "total" integer CHECK ("total" >= 0),
        "status" text NOT NULL CHECK ("status" IN ('approved', 'requested')),
        "requested_by" uuid,
        "decided_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_gp_limits" PRIMARY KEY ("id"),
        CONSTRAINT "FK_gp_limits_hds" FOREIGN KEY ("hds_id") REFERENCES "hds"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_gp_limits_gp" FOREIGN KEY ("gp_id") REFERENCES "gps"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_gp_limits_period" FOREIGN KEY ("period_id") REFERENCES "roster_periods"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_gp_limits_hds_gp" ON "gp_limits" ("hds_id", "gp_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_gp_limits_scope" ON "gp_limits" ("gp_id", coalesce("period_id", '00000000-0000-0000-0000-000000000000'::uuid), "status")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "gp_limits"`);
  }
}
