import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795426734569 implements MigrationInterface {
  name = 'Init1795426734569';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_records\" (\"id\" BIGSERIAL NOT NULL, \"hds_id\" uuid NOT NULL, \"seq\" integer NOT NULL, \"actor_user_id\" uuid, \"action\" text NOT NULL, \"entity_type\" text NOT NULL, \"entity_id\" text NOT NULL, \"before\" jsonb, \"after\" jsonb, \"reason\" text, \"request_id\" text, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"prev_hash\" text NOT NULL, \"hash\" text NOT NULL, CONSTRAINT \"PK_f903ebdf175f062be69747b0f18\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_f691d33b8d01a703db8eb0a7f0\" ON \"audit_records\"  (\"hds_id\", \"entity_type\", \"entity_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_34dfcd4c6dd78eaaa63eaa1be6\" ON \"audit_records\"  (\"hds_id\", \"seq\") ");
    await queryRunner.query("CREATE TABLE \"outbox_events\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"type\" text NOT NULL, \"payload\" jsonb NOT NULL, \"request_id\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"relayed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_6689a16c00d09b8089f6237f1d2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_571eaae2fff5933692c387ed94\" ON \"outbox_events\"  (\"hds_id\") ");
    await queryRunner.query("CREATE INDEX \"outbox_unrelayed\" ON \"outbox_events\"  (\"created_at\") WHERE relayed_at IS NULL");
    await queryRunner.query("CREATE TABLE \"regions\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"name\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4fcd12ed6a046276e2deb08801c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"hds\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"region_id\" uuid NOT NULL, \"code\" text NOT NULL, \"name\" text NOT NULL, \"evening_start\" text NOT NULL DEFAULT '17:00', \"quota_policy\" text NOT NULL DEFAULT 'practice_size', \"day_openings\" jsonb NOT NULL DEFAULT '{\"goodFriday\":true,\"liberationDay\":true,\"christmasEve\":true,\"newYearsEve\":true}', \"marketplace_policy\" jsonb NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_83ccf59552cf8e1bf83d0db7d5a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_2375ca6a42b6cf6a7d92053d44\" ON \"hds\"  (\"region_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_b480567609985dac65b7e8ab6e\" ON \"hds\"  (\"code\") ");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"email\" text NOT NULL, \"password_hash\" text NOT NULL, \"display_name\" text NOT NULL, \"locale\" text NOT NULL DEFAULT 'nl', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_97672ac88f789774dd47f7c8be\" ON \"users\"  (\"email\") ");
    await queryRunner.query("CREATE TABLE \"memberships\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"user_id\" uuid NOT NULL, \"role\" text NOT NULL, \"hds_id\" uuid, \"region_id\" uuid, \"gp_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_25d28bd932097a9e90495ede7b4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_7c1e2fdfed4f6838e0c05ae505\" ON \"memberships\"  (\"user_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_42a96021003acad05f0271235d\" ON \"memberships\"  (\"hds_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_34156d0b5c9a715f826de7cfc0\" ON \"memberships\"  (\"user_id\", \"region_id\", \"role\") WHERE region_id IS NOT NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_54c478c02f3066658946b9db3d\" ON \"memberships\"  (\"user_id\", \"hds_id\", \"role\") WHERE hds_id IS NOT NULL");
    await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"user_id\" uuid NOT NULL, \"key\" text NOT NULL, \"request_hash\" text NOT NULL, \"status_code\" integer, \"response\" jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_392b1af86f210d98d3f0c764728\" PRIMARY KEY (\"user_id\", \"key\"))");
    await queryRunner.query("ALTER TABLE \"hds\" ADD CONSTRAINT \"FK_2375ca6a42b6cf6a7d92053d440\" FOREIGN KEY (\"region_id\") REFERENCES \"regions\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"memberships\" ADD CONSTRAINT \"FK_7c1e2fdfed4f6838e0c05ae5051\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"memberships\" ADD CONSTRAINT \"FK_42a96021003acad05f0271235dc\" FOREIGN KEY (\"hds_id\") REFERENCES \"hds\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"memberships\" ADD CONSTRAINT \"FK_ae6b2e60cda1cff3699a2d1e1c3\" FOREIGN KEY (\"region_id\") REFERENCES \"regions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"memberships\" DROP CONSTRAINT \"FK_ae6b2e60cda1cff3699a2d1e1c3\"");
    await queryRunner.query("ALTER TABLE \"memberships\" DROP CONSTRAINT \"FK_42a96021003acad05f0271235dc\"");
    await queryRunner.query("ALTER TABLE \"memberships\" DROP CONSTRAINT \"FK_7c1e2fdfed4f6838e0c05ae5051\"");
    await queryRunner.query("ALTER TABLE \"hds\" DROP CONSTRAINT \"FK_2375ca6a42b6cf6a7d92053d440\"");
    await queryRunner.query("DROP TABLE \"idempotency_keys\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_54c478c02f3066658946b9db3d\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_34156d0b5c9a715f826de7cfc0\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_42a96021003acad05f0271235d\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7c1e2fdfed4f6838e0c05ae505\"");
    await queryRunner.query("DROP TABLE \"memberships\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_97672ac88f789774dd47f7c8be\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b480567609985dac65b7e8ab6e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2375ca6a42b6cf6a7d92053d44\"");
    await queryRunner.query("DROP TABLE \"hds\"");
    await queryRunner.query("DROP TABLE \"regions\"");
    await queryRunner.query("DROP INDEX \"public\".\"outbox_unrelayed\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_571eaae2fff5933692c387ed94\"");
    await queryRunner.query("DROP TABLE \"outbox_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_34dfcd4c6dd78eaaa63eaa1be6\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_f691d33b8d01a703db8eb0a7f0\"");
    await queryRunner.query("DROP TABLE \"audit_records\"");
  }
}
