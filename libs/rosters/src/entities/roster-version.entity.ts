import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface VersionShift {
  id: string;
  postId: string;
  code: string;
  role: string;
  localDate: string;
  startAt: string;
  endAt: string;
  required: number;
  gpIds: string[];
}

/** A frozen version of a period: the publication (1) and every amendment after it. */
@Entity('roster_versions')
@Index(['periodId', 'version'], { unique: true })
export class RosterVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  kind: 'publication' | 'amendment';

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb' })
  shifts: VersionShift[];

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
