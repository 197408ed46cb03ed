import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { HdsEntity } from '@anw/identity';
import { GpEntity, PostEntity } from '@anw/rosters';
import { FeedKind } from '../render/feed-model.js';

/**
 * A secret calendar feed: a GP's own diensten, a post's or the whole HDS's. Only the sha256 of
 * its token is kept; the token itself is shown once, when issued. At most one active feed per
 * GP, per post and per HDS.
 */
@Entity('calendar_feeds')
@Index('calendar_feeds_gp_active', ['gpId'], { unique: true, where: 'revoked_at IS NULL' })
@Index('calendar_feeds_post_active', ['postId'], { unique: true, where: 'revoked_at IS NULL' })
@Index('calendar_feeds_hds_active', ['hdsId'], { unique: true, where: `kind = 'hds' AND revoked_at IS NULL` })
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @Column({ type: 'text' })
  kind: FeedKind;

  @Column({ type: 'uuid', name: 'gp_id', nullable: true })
  gpId: string | null;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gp_id' })
  gp?: Relation<GpEntity>;

  @Column({ type: 'uuid', name: 'post_id', nullable: true })
  postId: string | null;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<PostEntity>;

  /** sha256 (hex) of the secret token in the feed's URL. */
  @Index({ unique: true })
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash: string;

  @Column({ type: 'timestamptz', name: 'token_issued_at' })
  tokenIssuedAt: Date;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** The hash of the body last served; a different body moves last_modified on. */
  @Column({ type: 'text', name: 'content_hash', nullable: true })
  contentHash: string | null;

  /** Only ever rises (Last-Modified must never move backwards). */
  @Column({ type: 'timestamptz', name: 'last_modified', default: () => "date_trunc('second', now())" })
  lastModified: Date;
}
