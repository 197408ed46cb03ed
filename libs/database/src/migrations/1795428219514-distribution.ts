import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Distribution1795428219514 implements MigrationInterface {
  name = 'Distribution1795428219514';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"distribution_runs\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"period_id\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'queued', \"seed\" integer NOT NULL, \"seconds\" integer NOT NULL, \"percent\" real NOT NULL DEFAULT '0', \"score\" jsonb, \"result\" jsonb, \"error\" text, \"cancel_requested\" boolean NOT NULL DEFAULT false, \"requested_by\" uuid, \"request_id\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"started_at\" TIMESTAMP WITH TIME ZONE, \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_0a16b0b8dcb8112cf97a87bdd6e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_d9c444a225bec29e3f3d5b4913\" ON \"distribution_runs\"  (\"hds_id\", \"period_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"carry_over_balances\" (\"period_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"hds_id\" uuid NOT NULL, \"avond\" real NOT NULL, \"nacht\" real NOT NULL, \"weekend\" real NOT NULL, \"feestdag\" real NOT NULL, CONSTRAINT \"PK_3137a8dc260c2bf57d0a08fb09e\" PRIMARY KEY (\"period_id\", \"gp_id\"))");
    await queryRunner.query("ALTER TABLE \"roster_periods\" ADD \"holders_pick_from\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"roster_periods\" ADD \"holders_pick_until\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"roster_periods\" ADD \"locums_pick_from\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"roster_periods\" ADD \"locums_pick_until\" TIMESTAMP WITH TIME ZONE");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"roster_periods\" DROP COLUMN \"locums_pick_until\"");
    await queryRunner.query("ALTER TABLE \"roster_periods\" DROP COLUMN \"locums_pick_from\"");
    await queryRunner.query("ALTER TABLE \"roster_periods\" DROP COLUMN \"holders_pick_until\"");
    await queryRunner.query("ALTER TABLE \"roster_periods\" DROP COLUMN \"holders_pick_from\"");
    await queryRunner.query("DROP TABLE \"carry_over_balances\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d9c444a225bec29e3f3d5b4913\"");
    await queryRunner.query("DROP TABLE \"distribution_runs\"");
  }
}
