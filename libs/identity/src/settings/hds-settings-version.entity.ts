import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { HdsEntity } from '../entities/hds.entity.js';
import type { HdsSettings } from './hds-settings.js';

/**
 * One version of an HDS's settings, never changed once written. Version 0 is the state before the
 * first change (dated at the HDS's creation). `draftPeriodIds` are the periods that were draft when
 * the version was made: the ones it applies to, besides every period created after it.
 */
@Entity('hds_settings_versions')
export class HdsSettingsVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  settings: HdsSettings;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', array: true, name: 'draft_period_ids', default: () => "'{}'" })
  draftPeriodIds: string[];

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
