import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import { recordAccountChange } from './account-trail.js';
import { AuthService } from './auth.service.js';
import { hashMailToken, mailToken, MailTokenPurpose } from './mail-token.js';
import { requireAcceptablePassword } from './password-policy.js';
import { PasswordResetEntity } from './password-reset.entity.js';
import { SessionsService } from './sessions.service.js';

/**
 * The outbox event from which the worker mails a reset link: payload { resetId }. Under the
 * pipeline's internal prefix, so it reaches the account's owner only, never an HDS's webhook.
 */
export const PASSWORD_RESET_MAIL_EVENT = 'notification.password_reset';

/** How long a reset link stays valid. */
export const PASSWORD_RESET_TTL_MS = 3_600_000;

const RESET_INVALID = 'Deze link om uw wachtwoord opnieuw in te stellen is ongeldig, al gebruikt of verlopen; vraag een nieuwe aan.';

export interface AccountRequest {
  requestId?: string | null;
}

/**
 * Passwords: change (with the current one), reset by e-mail (single-use one-hour link, mailed
 * through the outbox like an invitation). Every new password passes the one password policy, and
 * every change ends all the user's sessions and is audited (never a token or a hash).
 */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async change(userId: string, currentPassword: string, newPassword: string, request: AccountRequest = {}): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId, active: true }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
      if (!(await argon2.verify(user.passwordHash, currentPassword).catch(() => false))) {
        throw new IdentityError(IdentityErrorCode.CurrentPasswordWrong, 'Het huidige wachtwoord klopt niet.');
      }
      await this.setPassword(manager, user, newPassword, { actorUserId: user.id, requestId: request.requestId ?? null }, 'user.password_changed');
    });
  }

  /**
   * Mails a reset link when an active account has this address; otherwise does nothing. The
   * caller answers the same either way, and both ways cost one argon2 hash, so neither the answer
   * nor its timing tells whether the address has an account.
   */
  async requestReset(email: string, request: AccountRequest = {}): Promise<void> {
    const address = email.trim().toLowerCase();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: address, active: true });
    await Promise.all([
      AuthService.hashPassword(randomBytes(16).toString('base64url')),
      user ? this.createReset(user, request) : Promise.resolve(),
    ]);
  }

  /** Sets the new password with the token from the mail; the token is used up, every session ends. */
  async confirmReset(token: string, newPassword: string, request: AccountRequest = {}): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const reset = await manager.getRepository(PasswordResetEntity).findOne({ where: { tokenHash: hashMailToken(token) }, lock: { mode: 'pessimistic_write' } });
      if (!reset || reset.usedAt || reset.closedAt || reset.expiresAt.getTime() <= Date.now()) {
        throw new IdentityError(IdentityErrorCode.PasswordResetInvalid, RESET_INVALID);
      }
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: reset.userId, active: true }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityError(IdentityErrorCode.PasswordResetInvalid, RESET_INVALID);
      await manager.getRepository(PasswordResetEntity).update({ id: reset.id }, { usedAt: new Date() });
      await this.setPassword(manager, user, newPassword, { actorUserId: user.id, requestId: request.requestId ?? null }, 'user.password_reset_completed', reset.id);
    });
  }

  private async createReset(user: UserEntity, request: AccountRequest): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // One open link per account: a newer request closes the older ones.
      await this.closeOpenResets(manager, user.id);
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
      await manager.getRepository(PasswordResetEntity).insert({
        id,
        userId: user.id,
        tokenHash: hashMailToken(mailToken(this.config.auth.jwtSecret, MailTokenPurpose.PasswordReset, id, 1)),
        expiresAt,
        usedAt: null,
        closedAt: null,
      });
      const hdsIds = await recordAccountChange(
        this.audit,
        manager,
        user.id,
        { actorUserId: null, requestId: request.requestId ?? null },
        { action: 'user.password_reset_requested', entityType: 'user', entityId: user.id, after: { resetId: id, expiresAt } },
        { type: PASSWORD_RESET_MAIL_EVENT, payload: { resetId: id } },
      );
      // Mail goes out through an HDS's outbox; a login with no HDS at all (a platform operator) gets none.
      if (hdsIds.length === 0) this.logger.warn({ userId: user.id, requestId: request.requestId }, 'password reset requested by a login without an HDS: no mail sent');
    });
  }

  private async setPassword(
    manager: EntityManager,
    user: UserEntity,
    password: string,
    change: { actorUserId: string; requestId: string | null },
    action: string,
    resetId?: string,
  ): Promise<void> {
    await requireAcceptablePassword(password, [user.email, user.displayName]);
    await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash: await AuthService.hashPassword(password) });
    await this.closeOpenResets(manager, user.id);
    const sessionsRevoked = await this.sessions.revokeAllOf(manager, user.id);
    await recordAccountChange(this.audit, manager, user.id, change, { action, entityType: 'user', entityId: user.id, after: { ...(resetId ? { resetId } : {}), sessionsRevoked } });
  }

  private async closeOpenResets(manager: EntityManager, userId: string): Promise<void> {
    await manager.getRepository(PasswordResetEntity).update({ userId, usedAt: IsNull(), closedAt: IsNull() }, { closedAt: new Date() });
  }
}
