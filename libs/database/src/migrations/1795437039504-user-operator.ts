import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The platform operator flag on users: who may open the queue dashboard (/ops/queues), across every HDS. */
export class UserOperator1795437039504 implements MigrationInterface {
  name = 'UserOperator1795437039504';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "operator" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "operator"`);
  }
}
