import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A domain event written in the same transaction as the change; the relay moves it to the queue. */
@Entity('outbox_events')
@Index('outbox_unrelayed', ['createdAt'], { where: 'relayed_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'relayed_at', nullable: true })
  relayedAt: Date | null;
}
