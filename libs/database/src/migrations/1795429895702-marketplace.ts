import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Marketplace1795429895702 implements MigrationInterface {
  name = 'Marketplace1795429895702';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"market_offers\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"shift_id\" uuid NOT NULL, \"gp_id\" uuid NOT NULL, \"audience\" text NOT NULL, \"named_gp_ids\" uuid array NOT NULL DEFAULT '{}', \"deadline\" TIMESTAMP WITH TIME ZONE, \"status\" text NOT NULL DEFAULT 'open', \"reason\" text, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"closed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_2e0408d62c725b6c6d7e99ea5b2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_e6a6d8e179d149ec88bba42077\" ON \"market_offers\"  (\"shift_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a2bfbe5b474224632945ec1ff5\" ON \"market_offers\"  (\"hds_id\", \"gp_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_0b6d1771ae05673fc3d3a8028f\" ON \"market_offers\"  (\"hds_id\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"market_offers_open_unique\" ON \"market_offers\"  (\"shift_id\", \"gp_id\") WHERE status = 'open'");
    await queryRunner.query("CREATE TABLE \"market_claims\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"shift_id\" uuid NOT NULL, \"offer_id\" uuid, \"gp_id\" uuid NOT NULL, \"from_gp_id\" uuid, \"status\" text NOT NULL DEFAULT 'pending', \"reason\" text, \"decision_reason\" text, \"rule\" text, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"decided_by\" uuid, \"decided_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_1c110c1560c8602fb4eea2bd5ac\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_36829fdd1a54535f56345297fd\" ON \"market_claims\"  (\"offer_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_497a5d0f56013d34e762c5903b\" ON \"market_claims\"  (\"hds_id\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_14c326b6e0411f9a5c08ac99e4\" ON \"market_claims\"  (\"hds_id\", \"gp_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"market_claims_queue\" ON \"market_claims\"  (\"shift_id\", \"status\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"market_claims_pending_unique\" ON \"market_claims\"  (\"shift_id\", \"gp_id\") WHERE status = 'pending'");
    await queryRunner.query("CREATE TABLE \"market_swaps\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"hds_id\" uuid NOT NULL, \"from_gp_id\" uuid NOT NULL, \"from_shift_id\" uuid NOT NULL, \"to_gp_id\" uuid NOT NULL, \"to_shift_id\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'proposed', \"reason\" text, \"decision_reason\" text, \"created_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"responded_at\" TIMESTAMP WITH TIME ZONE, \"decided_by\" uuid, \"decided_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_14b1655989e40607165f2a7cfd8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_57abacc23e6ce7fcc53dc3de3b\" ON \"market_swaps\"  (\"from_shift_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_5ffcb6c11bf5f2b21b4ba9999e\" ON \"market_swaps\"  (\"to_shift_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_dbe01b9214f175a55f32672845\" ON \"market_swaps\"  (\"hds_id\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_b5a5a4750ace6678f0b6f6a687\" ON \"market_swaps\"  (\"hds_id\", \"to_gp_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_106535120c1af821e1780e2bf8\" ON \"market_swaps\"  (\"hds_id\", \"from_gp_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"market_swaps_open_unique\" ON \"market_swaps\"  (\"from_shift_id\", \"to_shift_id\", \"from_gp_id\", \"to_gp_id\") WHERE status IN ('proposed', 'accepted')");
    await queryRunner.query("CREATE TABLE \"market_escalations\" (\"shift_id\" uuid NOT NULL, \"hds_id\" uuid NOT NULL, \"open_positions\" integer NOT NULL, \"escalated_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_860eded5a45c9dcfd7797ce8ec0\" PRIMARY KEY (\"shift_id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_2174985e3d4f65ef11feec6a17\" ON \"market_escalations\"  (\"hds_id\") ");
    await queryRunner.query("ALTER TABLE \"market_offers\" ADD CONSTRAINT \"FK_e6a6d8e179d149ec88bba420770\" FOREIGN KEY (\"shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_offers\" ADD CONSTRAINT \"FK_b7d918f51e9d9fa93eb7fb032f5\" FOREIGN KEY (\"gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_claims\" ADD CONSTRAINT \"FK_aef46097af3ac0687ed6ec2b966\" FOREIGN KEY (\"shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_claims\" ADD CONSTRAINT \"FK_36829fdd1a54535f56345297fdc\" FOREIGN KEY (\"offer_id\") REFERENCES \"market_offers\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_claims\" ADD CONSTRAINT \"FK_2a1a0b5486518fa3143f3d708fe\" FOREIGN KEY (\"gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_swaps\" ADD CONSTRAINT \"FK_5e04518a5fa9e96c370e7d22a54\" FOREIGN KEY (\"from_gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_swaps\" ADD CONSTRAINT \"FK_57abacc23e6ce7fcc53dc3de3b3\" FOREIGN KEY (\"from_shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_swaps\" ADD CONSTRAINT \"FK_96f30c99400bc7acd9c8fdaa41d\" FOREIGN KEY (\"to_gp_id\") REFERENCES \"gps\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_swaps\" ADD CONSTRAINT \"FK_5ffcb6c11bf5f2b21b4ba9999e0\" FOREIGN KEY (\"to_shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"market_escalations\" ADD CONSTRAINT \"FK_860eded5a45c9dcfd7797ce8ec0\" FOREIGN KEY (\"shift_id\") REFERENCES \"shifts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"market_escalations\" DROP CONSTRAINT \"FK_860eded5a45c9dcfd7797ce8ec0\"");
    await queryRunner.query("ALTER TABLE \"market_swaps\" DROP CONSTRAINT \"FK_5ffcb6c11bf5f2b21b4ba9999e0\"");
    await queryRunner.query("ALTER TABLE \"market_swaps\" DROP CONSTRAINT \"FK_96f30c99400bc7acd9c8fdaa41d\"");
    await queryRunner.query("ALTER TABLE \"market_swaps\" DROP CONSTRAINT \"FK_57abacc23e6ce7fcc53dc3de3b3\"");
    await queryRunner.query("ALTER TABLE \"market_swaps\" DROP CONSTRAINT \"FK_5e04518a5fa9e96c370e7d22a54\"");
    await queryRunner.query("ALTER TABLE \"market_claims\" DROP CONSTRAINT \"FK_2a1a0b5486518fa3143f3d708fe\"");
    await queryRunner.query("ALTER TABLE \"market_claims\" DROP CONSTRAINT \"FK_36829fdd1a54535f56345297fdc\"");
    await queryRunner.query("ALTER TABLE \"market_claims\" DROP CONSTRAINT \"FK_aef46097af3ac0687ed6ec2b966\"");
    await queryRunner.query("ALTER TABLE \"market_offers\" DROP CONSTRAINT \"FK_b7d918f51e9d9fa93eb7fb032f5\"");
    await queryRunner.query("ALTER TABLE \"market_offers\" DROP CONSTRAINT \"FK_e6a6d8e179d149ec88bba420770\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2174985e3d4f65ef11feec6a17\"");
    await queryRunner.query("DROP TABLE \"market_escalations\"");
    await queryRunner.query("DROP INDEX \"public\".\"market_swaps_open_unique\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_106535120c1af821e1780e2bf8\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b5a5a4750ace6678f0b6f6a687\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_dbe01b9214f175a55f32672845\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5ffcb6c11bf5f2b21b4ba9999e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_57abacc23e6ce7fcc53dc3de3b\"");
    await queryRunner.query("DROP TABLE \"market_swaps\"");
    await queryRunner.query("DROP INDEX \"public\".\"market_claims_pending_unique\"");
    await queryRunner.query("DROP INDEX \"public\".\"market_claims_queue\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_14c326b6e0411f9a5c08ac99e4\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_497a5d0f56013d34e762c5903b\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_36829fdd1a54535f56345297fd\"");
    await queryRunner.query("DROP TABLE \"market_claims\"");
    await queryRunner.query("DROP INDEX \"public\".\"market_offers_open_unique\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0b6d1771ae05673fc3d3a8028f\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a2bfbe5b474224632945ec1ff5\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e6a6d8e179d149ec88bba42077\"");
    await queryRunner.query("DROP TABLE \"market_offers\"");
  }
}
