import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change, chained per HDS: `hash` = sha256 over the predecessor's hash and this record's
 * canonical content, so a row rewritten in the database breaks the chain from there on.
 */
@Entity('audit_records')
@Index(['hdsId', 'seq'], { unique: true })
@Index(['hdsId', 'entityType', 'entityId'])
export class AuditRecordEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'uuid', name: 'actor_user_id', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType: string;

  @Column({ type: 'text', name: 'entity_id' })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text', name: 'prev_hash' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
