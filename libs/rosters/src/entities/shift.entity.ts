import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Qualification } from './gp.entity.js';
import { PostEntity } from './post.entity.js';
import { RosterPeriodEntity } from './roster-period.entity.js';

/**
 * One dienst: stored as UTC instants plus the local date it starts on. A removed dienst is kept
 * (removed_at) so feeds can cancel it and versions can show it.
 */
@Entity('shifts')
@Index(['periodId', 'startAt'])
@Index(['hdsId', 'startAt'])
// Live diensten of an HDS by date, covering the audit reports' aggregates (migration
// AuditReportIndexes1795431239785: partial, with INCLUDE columns TypeORM cannot express, so
// `synchronize: false` keeps a generated migration from dropping or recreating it).
@Index('shifts_live_by_hds_date', { synchronize: false })
export class ShiftEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @ManyToOne(() => RosterPeriodEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id' })
  period?: Relation<RosterPeriodEntity>;

  @Column({ type: 'uuid', name: 'post_id' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<PostEntity>;

  @Column({ type: 'uuid', name: 'template_id', nullable: true })
  templateId: string | null;

  @Column({ type: 'text', default: '' })
  code: string;

  @Column({ type: 'text' })
  role: Qualification;

  @Column({ type: 'date', name: 'local_date' })
  localDate: string;

  @Column({ type: 'timestamptz', name: 'start_at' })
  startAt: Date;

  @Column({ type: 'timestamptz', name: 'end_at' })
  endAt: Date;

  @Column({ type: 'int' })
  required: number;

  /** Real elapsed minutes per category (dag, avond, nacht, weekend, feestdag), kept for SQL aggregates. */
  @Column({ type: 'int', name: 'minutes_dag', default: 0 })
  minutesDag: number;

  @Column({ type: 'int', name: 'minutes_avond', default: 0 })
  minutesAvond: number;

  @Column({ type: 'int', name: 'minutes_nacht', default: 0 })
  minutesNacht: number;

  @Column({ type: 'int', name: 'minutes_weekend', default: 0 })
  minutesWeekend: number;

  @Column({ type: 'int', name: 'minutes_feestdag', default: 0 })
  minutesFeestdag: number;

  /** Rises on every change (the iCal SEQUENCE). */
  @Column({ type: 'int', default: 0 })
  revision: number;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
