import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations (onboarding without SQL): only the SHA-256 of the current token is stored; a regional
 * auditor's invitation names its region (and, as hds_id, the HDS whose outbox sends its mail); HDS
 * codes unique regardless of case, since people type them.
 */
export class Invitations1795444000000 implements MigrationInterface {
  name = 'Invitations1795444000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "invitations" (
        "id" uuid NOT NULL,
        "hds_id" uuid NOT NULL,
        "role" text NOT NULL,
        "email" text NOT NULL,
        "gp_id" uuid,
        "region_id" uuid,
        "locale" text NOT NULL DEFAULT 'nl',
        "token_hash" text NOT NULL,
        "send_count" integer NOT NULL DEFAULT 1,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "invited_by" uuid,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_user_id" uuid,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_invitations" PRIMARY KEY ("id"),
        CONSTRAINT "FK_invitations_hds" FOREIGN KEY ("hds_id") REFERENCES "hds"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_invitations_gp" FOREIGN KEY ("gp_id") REFERENCES "gps"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_invitations_region" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_invitations_token_hash" ON "invitations" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "IDX_invitations_hds_created" ON "invitations" ("hds_id", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_hds_code_lower" ON "hds" (lower("code"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_hds_code_lower"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
  }
}
