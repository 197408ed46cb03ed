import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A GP's own choices: channels, kinds of message, and how long before a dienst to be reminded. */
@Entity('notification_preferences')
@Index(['hdsId', 'gpId'], { unique: true })
export class NotificationPreferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  @Column({ type: 'boolean', default: false })
  sms: boolean;

  /** The kinds the GP receives (NotificationKind values). */
  @Column({ type: 'text', array: true })
  kinds: string[];

  /** Minutes before a dienst; null = no reminders. */
  @Column({ type: 'int', name: 'reminder_lead_minutes', nullable: true })
  reminderLeadMinutes: number | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
