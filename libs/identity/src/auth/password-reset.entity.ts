import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A requested password reset. Only the SHA-256 of its token is stored; the token is derived from
 * the id (mail-token.ts) when the worker sends the mail. Single use; a newer request, a completed
 * reset or a password change closes every open one of the user.
 */
@Entity('password_resets')
@Index('IDX_password_resets_user', ['userId', 'createdAt'])
export class PasswordResetEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Index('IDX_password_resets_token_hash', { unique: true })
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt: Date | null;

  /** Closed without use: superseded by a newer request or a password change. */
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
