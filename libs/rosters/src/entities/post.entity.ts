import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { HdsEntity } from '@anw/identity';

/** A huisartsenpost (HAP) of an HDS. */
@Entity('posts')
@Index(['hdsId', 'code'], { unique: true })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  address: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
