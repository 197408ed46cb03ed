import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RegionEntity } from './region.entity.js';

export enum QuotaPolicy {
  PracticeSize = 'practice_size',
  Fte = 'fte',
  PerHead = 'per_head',
  FixedMinimum = 'fixed_minimum',
}

export interface DayOpeningSettings {
  goodFriday: boolean;
  liberationDay: boolean;
  christmasEve: boolean;
  newYearsEve: boolean;
}

/** The tenant: a huisartsendienstenstructuur and its roster policy. */
@Entity('hds')
export class HdsEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'region_id' })
  regionId: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id' })
  region?: Relation<RegionEntity>;

  @Index({ unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'evening_start', default: '17:00' })
  eveningStart: string;

  @Column({ type: 'text', name: 'quota_policy', default: QuotaPolicy.PracticeSize })
  quotaPolicy: QuotaPolicy;

  @Column({
    type: 'jsonb',
    name: 'day_openings',
    default: () => `'{"goodFriday":true,"liberationDay":true,"christmasEve":true,"newYearsEve":true}'`,
  })
  dayOpenings: DayOpeningSettings;

  @Column({ type: 'jsonb', name: 'marketplace_policy', default: () => `'{}'` })
  marketplacePolicy: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
