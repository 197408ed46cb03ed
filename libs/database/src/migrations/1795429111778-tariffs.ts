import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tariffs1795429111778 implements MigrationInterface {
  name = 'Tariffs1795429111778';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"pay_policies\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"percent_of_maximum_bp\" integer NOT NULL, \"surcharges\" jsonb NOT NULL DEFAULT '[]', \"short_notice_hours\" integer NOT NULL, \"reason\" text, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_375bbc7d89f4ecfbb2366391a05\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_8e6d346874aa7a39cbb6d3cab3\" ON \"pay_policies\"  (\"hds_id\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"statement_runs\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"period_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"revision_id\" uuid, \"table_versions\" jsonb NOT NULL, \"policy_version\" integer NOT NULL, \"figures\" jsonb NOT NULL, \"gp_count\" integer NOT NULL, \"total_cents\" bigint NOT NULL, \"reason\" text, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_42e0220836b124e62ef465a30bc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_3239f940331cadcdb07b2439bd\" ON \"statement_runs\"  (\"hds_id\", \"period_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"tariff_revisions\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"table_id\" text NOT NULL, \"version\" integer NOT NULL, \"previous_version\" integer, \"table\" jsonb NOT NULL, \"previous_table\" jsonb, \"reason\" text NOT NULL, \"periods\" jsonb NOT NULL, \"differences\" jsonb NOT NULL, \"affected_gps\" integer NOT NULL, \"total_difference_cents\" bigint NOT NULL, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5e80d35847a79c8e5695c97e28e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b9e5274d7903b6bb4c1463e78e\" ON \"tariff_revisions\"  (\"hds_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_0997c0371e3a8d1056948eed16\" ON \"tariff_revisions\"  (\"hds_id\", \"table_id\", \"version\") ");
    await queryRunner.query("ALTER TABLE \"hds\" ALTER COLUMN \"day_openings\" SET DEFAULT '{\"goodFriday\":true,\"liberationDay\":true,\"christmasEve\":true,\"newYearsEve\":true}'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"hds\" ALTER COLUMN \"day_openings\" SET DEFAULT '{\"goodFriday\": true, \"newYearsEve\": true, \"christmasEve\": true, \"liberationDay\": true}'");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0997c0371e3a8d1056948eed16\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b9e5274d7903b6bb4c1463e78e\"");
    await queryRunner.query("DROP TABLE \"tariff_revisions\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3239f940331cadcdb07b2439bd\"");
    await queryRunner.query("DROP TABLE \"statement_runs\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8e6d346874aa7a39cbb6d3cab3\"");
    await queryRunner.query("DROP TABLE \"pay_policies\"");
  }
}
