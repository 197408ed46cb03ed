import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShiftMinutes1795427943802 implements MigrationInterface {
  name = 'ShiftMinutes1795427943802';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"shifts\" ADD \"minutes_dag\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD \"minutes_avond\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD \"minutes_nacht\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD \"minutes_weekend\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"shifts\" ADD \"minutes_feestdag\" integer NOT NULL DEFAULT '0'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"shifts\" DROP COLUMN \"minutes_feestdag\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP COLUMN \"minutes_weekend\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP COLUMN \"minutes_nacht\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP COLUMN \"minutes_avond\"");
    await queryRunner.query("ALTER TABLE \"shifts\" DROP COLUMN \"minutes_dag\"");
  }
}
