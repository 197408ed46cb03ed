import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795429024554 implements MigrationInterface {
  name = 'Notifications1795429024554';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notification_deliveries\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"source\" text NOT NULL, \"event_id\" uuid, \"kind\" text NOT NULL, \"recipient\" text NOT NULL, \"channel\" text NOT NULL, \"address\" text NOT NULL, \"message\" jsonb NOT NULL, \"status\" text NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"round\" integer NOT NULL DEFAULT '0', \"claimed_by\" uuid, \"claimed_at\" TIMESTAMP WITH TIME ZONE, \"sent_at\" TIMESTAMP WITH TIME ZONE, \"last_error\" text, \"request_id\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"notification_deliveries_key\" UNIQUE (\"source\", \"recipient\", \"channel\"), CONSTRAINT \"PK_81daeff81f237bd384f7cfc4a4c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_8ddb63298cb6710bda31363d54\" ON \"notification_deliveries\"  (\"event_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_6ce1b3abcbf2d20e3092169139\" ON \"notification_deliveries\"  (\"hds_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"notification_deliveries_unfinished\" ON \"notification_deliveries\"  (\"created_at\") WHERE status IN ('pending', 'sending', 'failed')");
    await queryRunner.query("CREATE TABLE \"notification_fanouts\" (\"event_id\" uuid NOT NULL, \"hds_id\" uuid NOT NULL, \"type\" text NOT NULL, \"deliveries\" integer NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_667f41154dbb70c9ebc3d04934f\" PRIMARY KEY (\"event_id\"))");
    await queryRunner.query("CREATE TABLE \"notification_dead_letters\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"delivery_id\" uuid NOT NULL, \"round\" integer NOT NULL, \"kind\" text NOT NULL, \"channel\" text NOT NULL, \"recipient\" text NOT NULL, \"address\" text NOT NULL, \"attempts\" integer NOT NULL, \"error\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"retried_at\" TIMESTAMP WITH TIME ZONE, \"retried_by\" uuid, CONSTRAINT \"PK_fa9b8d13bc1f43cd14af1d019bb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_f6e1f6d251977b251c31b0e602\" ON \"notification_dead_letters\"  (\"delivery_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_ad9f5a8e7ceac4b72f8b6c75af\" ON \"notification_dead_letters\"  (\"hds_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"notification_preferences\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"email\" boolean NOT NULL DEFAULT true, \"sms\" boolean NOT NULL DEFAULT false, \"kinds\" text array NOT NULL, \"reminder_lead_minutes\" integer, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_e94e2b543f2f218ee68e4f4fad2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_45a1d0bfbb22cbc4954a62f236\" ON \"notification_preferences\"  (\"hds_id\", \"gp_id\") ");
    await queryRunner.query("CREATE TABLE \"notification_webhooks\" (\"hds_id\" uuid NOT NULL, \"url\" text NOT NULL, \"secret\" text NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4d089acfcdbc295f841aa74f3a0\" PRIMARY KEY (\"hds_id\"))");
    await queryRunner.query("ALTER TABLE \"notification_dead_letters\" ADD CONSTRAINT \"FK_f6e1f6d251977b251c31b0e6021\" FOREIGN KEY (\"delivery_id\") REFERENCES \"notification_deliveries\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Wakes the relay at once when a change commits an outbox event (it polls as a fallback).
    await queryRunner.query("CREATE FUNCTION \"notify_outbox_events\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('outbox_events', ''); RETURN NULL; END $$");
    await queryRunner.query("CREATE TRIGGER \"outbox_events_notify\" AFTER INSERT ON \"outbox_events\" FOR EACH STATEMENT EXECUTE FUNCTION \"notify_outbox_events\"()");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TRIGGER \"outbox_events_notify\" ON \"outbox_events\"");
    await queryRunner.query("DROP FUNCTION \"notify_outbox_events\"()");
    await queryRunner.query("ALTER TABLE \"notification_dead_letters\" DROP CONSTRAINT \"FK_f6e1f6d251977b251c31b0e6021\"");
    await queryRunner.query("DROP TABLE \"notification_webhooks\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_45a1d0bfbb22cbc4954a62f236\"");
    await queryRunner.query("DROP TABLE \"notification_preferences\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ad9f5a8e7ceac4b72f8b6c75af\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f6e1f6d251977b251c31b0e602\"");
    await queryRunner.query("DROP TABLE \"notification_dead_letters\"");
    await queryRunner.query("DROP TABLE \"notification_fanouts\"");
    await queryRunner.query("DROP INDEX \"public\".\"notification_deliveries_unfinished\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_6ce1b3abcbf2d20e3092169139\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8ddb63298cb6710bda31363d54\"");
    await queryRunner.query("DROP TABLE \"notification_deliveries\"");
  }
}
