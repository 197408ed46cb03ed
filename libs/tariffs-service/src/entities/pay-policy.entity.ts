import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Surcharge } from '@anw/tariffs';

/**
 * One version of an HDS's pay policy (share of the NZa maximum, surcharges). A change adds a
 * version; the highest is in force, the earlier ones stay for history.
 */
@Entity('pay_policies')
@Index(['hdsId', 'version'], { unique: true })
export class PayPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'int' })
  version: number;

  /** 10000 = 100 % of the NZa maximum */
  @Column({ type: 'int', name: 'percent_of_maximum_bp' })
  percentOfMaximumBp: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  surcharges: Surcharge[];

  /** A dienst taken over (source 'trade') less than this many hours before its start counts as a short-notice claim. */
  @Column({ type: 'int', name: 'short_notice_hours' })
  shortNoticeHours: number;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
