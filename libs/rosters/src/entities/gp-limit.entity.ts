import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum GpLimitStatus {
  Approved = 'approved',
  Requested = 'requested',
}

/**
 * The most diensten of each kind a GP takes in a period (hard rule 8 of roster instance 1.1),
 * set by a planner or requested by the GP; only approved limits count. `periodId` null: every
 * period without a limit of its own. A null kind has no limit.
 */
@Entity('gp_limits')
@Index(['hdsId', 'gpId'])
export class GpLimitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'uuid', name: 'period_id', nullable: true })
  periodId: string | null;

  @Column({ type: 'int', nullable: true })
  night: number | null;

  @Column({ type: 'int', nullable: true })
  weekend: number | null;

  @Column({ type: 'int', nullable: true })
  holiday: number | null;

  @Column({ type: 'int', nullable: true })
  evening: number | null;

  @Column({ type: 'int', nullable: true })
  total: number | null;

  @Column({ type: 'text' })
  status: GpLimitStatus;

  @Column({ type: 'uuid', name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
