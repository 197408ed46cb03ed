import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An HDS's own endpoint: every domain event is POSTed there, signed with HMAC-SHA256. */
@Entity('notification_webhooks')
export class NotificationWebhookEntity {
  @PrimaryColumn({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
