import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Rosters1795427271938 implements MigrationInterface {
  name = 'Rosters1795427271938';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"posts\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"code\" text NOT NULL, \"name\" text NOT NULL, \"address\" text NOT NULL DEFAULT '', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2829ac61eff60fcec60d7274b9e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_e535710d977695be4dd40fda5e\" ON \"posts\"  (\"hds_id\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"gps\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"name\" text NOT NULL, \"email\" text NOT NULL, \"phone\" text, \"qualifications\" text array NOT NULL DEFAULT '{}', \"employer_gp_id\" uuid, \"practice_patients\" integer, \"fte\" numeric(4,2), \"fixed_minimum_hours\" integer, \"carve_out_percent\" integer, \"joined_on\" date, \"left_on\" date, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_bc6dca5ce3daead418e202bd4d3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_a838f4d56b32c4f3d64c383823\" ON \"gps\"  (\"hds_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_e6de1f0f99a67384f0ba182372\" ON \"gps\"  (\"hds_id\", \"email\") ");
    await queryRunner.query("CREATE TABLE \"gp_exemptions\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"from_date\" date NOT NULL, \"to_date\" date NOT NULL, \"reason\" text NOT NULL DEFAULT '', CONSTRAINT \"PK_d1ccb29b8e72e79010937916b74\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_46fe2ce2767701c7520be773ea\" ON \"gp_exemptions\"  (\"hds_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_c2ec19fc037faedb09cdebf9f5\" ON \"gp_exemptions\"  (\"gp_id\") ");
    await queryRunner.query("CREATE TABLE \"shift_templates\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"post_id\" uuid NOT NULL, \"code\" text NOT NULL, \"name\" text NOT NULL DEFAULT '', \"role\" text NOT NULL, \"start_time\" text NOT NULL, \"end_time\" text NOT NULL, \"days\" jsonb NOT NULL, \"required\" integer NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5afc978e7951d5bb48dcddc7a33\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_56033037d28fec0504c0c22d2d\" ON \"shift_templates\"  (\"hds_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_318b5ccd4246e670f8dbf42759\" ON \"shift_templates\"  (\"post_id\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"roster_periods\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"name\" text NOT NULL, \"start_date\" date NOT NULL, \"end_date\" date NOT NULL, \"status\" text NOT NULL DEFAULT 'draft', \"version\" integer NOT NULL DEFAULT '0', \"availability_deadline\" TIMESTAMP WITH TIME ZONE, \"published_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f59fd05384caf377db48140f5a7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b32ed13f36e4c1b89205ee2cb4\" ON \"roster_periods\"  (\"hds_id\") ");
    await queryRunner.query("CREATE TABLE \"shifts\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"period_id\" uuid NOT NULL, \"post_id\" uuid NOT NULL, \"template_id\" uuid, \"code\" text NOT NULL DEFAULT '', \"role\" text NOT NULL, \"local_date\" date NOT NULL, \"start_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"end_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"required\" integer NOT NULL, \"revision\" integer NOT NULL DEFAULT '0', \"removed_at\" TIMESTAMP WITH TIME ZONE, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_84d692e367e4d6cdf045828768c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_488c5633bdbaa0cc40ab407570\" ON \"shifts\"  (\"hds_id\", \"start_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a86a83bf9361123e3092020800\" ON \"shifts\"  (\"period_id\", \"start_at\") ");
    await queryRunner.query("CREATE TABLE \"assignments\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"shift_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"source\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"removed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_c54ca359535e0012b04dcbd80ee\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_ccc1c970cdc885ec79d9f2a2cb\" ON \"assignments\"  (\"shift_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_0b25c4c0276890aae3bf1ac3b3\" ON \"assignments\"  (\"hds_id\", \"gp_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"assignments_active_unique\" ON \"assignments\"  (\"shift_id\", \"gp_id\") WHERE removed_at IS NULL");
    await queryRunner.query("CREATE TABLE \"roster_versions\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"period_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"kind\" text NOT NULL, \"reason\" text, \"shifts\" jsonb NOT NULL, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cb5ebde8ee2d89d84efb7efe43d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_5863ec6e198dcef7ff56207de2\" ON \"roster_versions\"  (\"period_id\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"availability\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"kind\" text NOT NULL, \"start_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"end_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"note\" text NOT NULL DEFAULT '', \"entered_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_05a8158cf1112294b1c86e7f1d3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_d38a255d11bc60bbd19bdeb7e2\" ON \"availability\"  (\"hds_id\", \"gp_id\", \"start_at\") ");
    await queryRunner.query("CREATE TABLE \"availability_responses\" (\"period_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"hds_id\" uuid NOT NULL, \"responded_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"entered_by\" uuid, CONSTRAINT \"PK_2e5086c856b7a7598bf09c6ce43\" PRIMARY KEY (\"period_id\", \"gp_id\"))");
    await queryRunner.query("ALTER TABLE \"hds\" ALTER COLUMN \"day_openings\" SET DEFAULT '{\"goodFriday\":true,\"liberationDay\":true,\"christmasEve\":true,\"newYearsEve\":true}'");
    await queryRunner.query("ALTER TABLE \"posts\" ADD CONSTRAINT \"FK_eb25bfa3ceb58cdf714c148d5a7\" FOREIGN KEY (\"hds_id\") REFERENCES \"hds\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"gps\" ADD CONSTRAINT \"FK_a838f4d56b32c4f3d64c3838238\" FOREIGN KEY (\"hds_id\") REFERENCES \"hds\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"gp_exemptions\" ADD CONSTRAINT \"FK_c2ec19fc037faedb09cdebf9f53\" FOREIGN KEY (\"gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"shift_templates\" ADD CONSTRAINT \"FK_88623c06d548d3b3d24e60cb272\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"roster_periods\" ADD CONSTRAINT \"FK_b32ed13f36e4c1b89205ee2cb42\" FOREIGN KEY (\"hds_id\") REFERENCES \"hds\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD CONSTRAINT \"FK_df6946043fe4b19b3604fbfb2c4\" FOREIGN KEY (\"period_id\") REFERENCES \"roster_periods\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD CONSTRAINT \"FK_9118de13d64d57c2ad53760cf61\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_ccc1c970cdc885ec79d9f2a2cb9\" FOREIGN KEY (\"shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assignments\" ADD CONSTRAINT \"FK_7db639486ecc08d88a462bc56b1\" FOREIGN KEY (\"gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_7db639486ecc08d88a462bc56b1\"");
    await queryRunner.query("ALTER TABLE \"assignments\" DROP CONSTRAINT \"FK_ccc1c970cdc885ec79d9f2a2cb9\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP CONSTRAINT \"FK_9118de13d64d57c2ad53760cf61\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP CONSTRAINT \"FK_df6946043fe4b19b3604fbfb2c4\"");
    await queryRunner.query("ALTER TABLE \"roster_periods\" DROP CONSTRAINT \"FK_b32ed13f36e4c1b89205ee2cb42\"");
    await queryRunner.query("ALTER TABLE \"shift_templates\" DROP CONSTRAINT \"FK_88623c06d548d3b3d24e60cb272\"");
    await queryRunner.query("ALTER TABLE \"gp_exemptions\" DROP CONSTRAINT \"FK_c2ec19fc037faedb09cdebf9f53\"");
    await queryRunner.query("ALTER TABLE \"gps\" DROP CONSTRAINT \"FK_a838f4d56b32c4f3d64c3838238\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP CONSTRAINT \"FK_eb25bfa3ceb58cdf714c148d5a7\"");
    await queryRunner.query("ALTER TABLE \"hds\" ALTER COLUMN \"day_openings\" SET DEFAULT '{\"goodFriday\": true, \"newYearsEve\": true, \"christmasEve\": true, \"liberationDay\": true}'");
    await queryRunner.query("DROP TABLE \"availability_responses\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d38a255d11bc60bbd19bdeb7e2\"");
    await queryRunner.query("DROP TABLE \"availability\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5863ec6e198dcef7ff56207de2\"");
    await queryRunner.query("DROP TABLE \"roster_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"assignments_active_unique\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0b25c4c0276890aae3bf1ac3b3\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ccc1c970cdc885ec79d9f2a2cb\"");
    await queryRunner.query("DROP TABLE \"assignments\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a86a83bf9361123e3092020800\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_488c5633bdbaa0cc40ab407570\"");
    await queryRunner.query("DROP TABLE \"shifts\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b32ed13f36e4c1b89205ee2cb4\"");
    await queryRunner.query("DROP TABLE \"roster_periods\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_318b5ccd4246e670f8dbf42759\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_56033037d28fec0504c0c22d2d\"");
    await queryRunner.query("DROP TABLE \"shift_templates\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c2ec19fc037faedb09cdebf9f5\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_46fe2ce2767701c7520be773ea\"");
    await queryRunner.query("DROP TABLE \"gp_exemptions\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e6de1f0f99a67384f0ba182372\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a838f4d56b32c4f3d64c383823\"");
    await queryRunner.query("DROP TABLE \"gps\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e535710d977695be4dd40fda5e\"");
    await queryRunner.query("DROP TABLE \"posts\"");
  }
}
