import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GpEntity } from './gp.entity.js';

export enum ExemptionKind {
  NoNights = 'no_nights',
  Full = 'full',
}

/** E.g. no nights during pregnancy and six months after; dates inclusive. */
@Entity('gp_exemptions')
export class GpExemptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Index()
  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gp_id' })
  gp?: Relation<GpEntity>;

  @Column({ type: 'text' })
  kind: ExemptionKind;

  @Column({ type: 'date', name: 'from_date' })
  fromDate: string;

  @Column({ type: 'date', name: 'to_date' })
  toDate: string;

  @Column({ type: 'text', default: '' })
  reason: string;
}
