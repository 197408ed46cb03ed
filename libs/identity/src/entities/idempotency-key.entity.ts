import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A creating POST remembered by its Idempotency-Key, so a retried request is answered, not redone. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text', name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'int', name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
