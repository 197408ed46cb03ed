import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { HdsEntity } from '@anw/identity';

export enum GpKind {
  PracticeHolder = 'practiceHolder',
  Employed = 'employed',
  Locum = 'locum',
}

export enum Qualification {
  Consult = 'consult',
  Visite = 'visite',
  Regiearts = 'regiearts',
  Achterwacht = 'achterwacht',
}

/** A huisarts affiliated with the HDS, with the inputs of their quota. */
@Entity('gps')
@Index(['hdsId', 'email'], { unique: true })
export class GpEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @Column({ type: 'text' })
  kind: GpKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  qualifications: Qualification[];

  /** For an employed GP (HIDHA): the practice holder whose quota their share is carved from. */
  @Column({ type: 'uuid', name: 'employer_gp_id', nullable: true })
  employerGpId: string | null;

  @Column({ type: 'int', name: 'practice_patients', nullable: true })
  practicePatients: number | null;

  @Column({ type: 'numeric', precision: 4, scale: 2, nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  fte: number | null;

  /** Agreed fixed minimum hours per period (per-HDS policy, e.g. locums ≥ 50 h a year). */
  @Column({ type: 'int', name: 'fixed_minimum_hours', nullable: true })
  fixedMinimumHours: number | null;

  /** For an employed GP: the share of the holder's quota agreed for them, in percent. */
  @Column({ type: 'int', name: 'carve_out_percent', nullable: true })
  carveOutPercent: number | null;

  @Column({ type: 'date', name: 'joined_on', nullable: true })
  joinedOn: string | null;

  @Column({ type: 'date', name: 'left_on', nullable: true })
  leftOn: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
