import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { Role } from '../entities/membership.entity.js';
import { Locale } from '../entities/user.entity.js';

/**
 * An invitation to a role in one HDS (for role gp: linked to that HDS's GP record). Only the
 * SHA-256 of the current token is stored; the token itself is derived from the id and the send
 * counter (invitation-token.ts), so a re-send (counter + 1) kills the previous link.
 */
@Entity('invitations')
@Index(['hdsId', 'createdAt'])
export class InvitationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text' })
  role: Role;

  /** Lower-case; for role gp the GP record's address. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'uuid', name: 'gp_id', nullable: true })
  gpId: string | null;

  /** For role regional-auditor: the region (hdsId is then the region's HDS whose outbox sends the mail). */
  @Column({ type: 'uuid', name: 'region_id', nullable: true })
  regionId: string | null;

  @Column({ type: 'text', default: Locale.Nl })
  locale: Locale;

  @Index({ unique: true })
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash: string;

  @Column({ type: 'int', name: 'send_count', default: 1 })
  sendCount: number;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'uuid', name: 'invited_by', nullable: true })
  invitedBy: string | null;

  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', name: 'accepted_user_id', nullable: true })
  acceptedUserId: string | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
