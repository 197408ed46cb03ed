import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { HdsEntity } from '@anw/identity';

export enum PeriodStatus {
  Draft = 'draft',
  Published = 'published',
  Amended = 'amended',
  Closed = 'closed',
}

/** A roosterperiode, e.g. a quarter; dates inclusive. */
@Entity('roster_periods')
export class RosterPeriodEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'date', name: 'start_date' })
  startDate: string;

  @Column({ type: 'date', name: 'end_date' })
  endDate: string;

  @Column({ type: 'text', default: PeriodStatus.Draft })
  status: PeriodStatus;

  /** The last frozen version; 0 while never published. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @Column({ type: 'timestamptz', name: 'availability_deadline', nullable: true })
  availabilityDeadline: Date | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt: Date | null;

  /** Vrij roosteren: when practice holders and employed GPs pick (phase 1), then locums (phase 2). */
  @Column({ type: 'timestamptz', name: 'holders_pick_from', nullable: true })
  holdersFrom: Date | null;

  @Column({ type: 'timestamptz', name: 'holders_pick_until', nullable: true })
  holdersUntil: Date | null;

  @Column({ type: 'timestamptz', name: 'locums_pick_from', nullable: true })
  locumsFrom: Date | null;

  @Column({ type: 'timestamptz', name: 'locums_pick_until', nullable: true })
  locumsUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
