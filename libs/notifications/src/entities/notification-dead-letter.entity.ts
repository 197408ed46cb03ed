import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Channel, NotificationDeliveryEntity } from './notification-delivery.entity.js';

/** A message whose every attempt failed; hds-admins see it and may retry it. */
@Entity('notification_dead_letters')
@Index(['hdsId', 'createdAt'])
export class NotificationDeadLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Index()
  @Column({ type: 'uuid', name: 'delivery_id' })
  deliveryId: string;

  @ManyToOne(() => NotificationDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: Relation<NotificationDeliveryEntity>;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'text' })
  error: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'retried_at', nullable: true })
  retriedAt: Date | null;

  @Column({ type: 'uuid', name: 'retried_by', nullable: true })
  retriedBy: string | null;
}
