import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A dated want or avoid weighs 1–3 like a recurring one (roster instance 1.1 preferences). */
export class AvailabilityWeight1795449000000 implements MigrationInterface {
  name = 'AvailabilityWeight1795449000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "availability" ADD "weight" smallint NOT NULL DEFAULT 1 CONSTRAINT "CHK_availability_weight" CHECK ("weight" BETWEEN 1 AND 3)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "availability" DROP COLUMN "weight"`);
  }
}
