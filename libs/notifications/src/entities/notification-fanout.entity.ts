import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Marks an outbox event as turned into deliveries (written in the same transaction as they are). */
@Entity('notification_fanouts')
export class NotificationFanoutEntity {
  @PrimaryColumn({ type: 'uuid', name: 'event_id' })
  eventId: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'int' })
  deliveries: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
