import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned HDS settings: one row per change (version 0 keeps the state before the first one),
 * with the periods that were draft at the time, so a published period keeps its own version.
 */
export class HdsSettingsVersions1795446000000 implements MigrationInterface {
  name = 'HdsSettingsVersions1795446000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "hds_settings_versions" (
        "hds_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "settings" jsonb NOT NULL,
        "reason" text,
        "created_by" uuid,
        "draft_period_ids" uuid array NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_hds_settings_versions" PRIMARY KEY ("hds_id", "version"),
        CONSTRAINT "FK_hds_settings_versions_hds" FOREIGN KEY ("hds_id") REFERENCES "hds"("id") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hds_settings_versions"`);
  }
}
