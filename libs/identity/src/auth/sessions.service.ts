import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import { recordAccountChange } from './account-trail.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

export interface RefreshGrant {
  refreshToken: string;
  /** Seconds until the refresh token expires. */
  refreshExpiresIn: number;
}

function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type Rotation = { ok: true; userId: string; grant: RefreshGrant } | { ok: false; reused: boolean };

const INVALID = 'Ongeldige of verlopen sessie; log opnieuw in.';

/**
 * Refresh tokens: opaque and random, stored only hashed, one family per login. Each refresh
 * replaces the token with the next of its family; a token presented again after it was replaced
 * has leaked (or been stolen), so the whole family is revoked and the reuse audited.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first refresh token of a new family (a login). */
  start(userId: string): Promise<RefreshGrant> {
    return this.issue(this.dataSource.manager, userId, randomUUID());
  }

  /** The next token of the family, for the user it belongs to; reuse revokes the family (401 either way). */
  async rotate(refreshToken: string, requestId: string | null = null): Promise<{ userId: string; grant: RefreshGrant }> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Rotation> => {
      const tokens = manager.getRepository(RefreshTokenEntity);
      const current = await tokens.findOne({ where: { tokenHash: hashRefreshToken(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!current) return { ok: false, reused: false };
      if (current.usedAt) {
        if (!current.revokedAt) await this.reuseDetected(manager, current, requestId);
        return { ok: false, reused: true };
      }
      if (current.revokedAt || current.expiresAt.getTime() <= Date.now()) return { ok: false, reused: false };
      if (!(await manager.getRepository(UserEntity).existsBy({ id: current.userId, active: true }))) return { ok: false, reused: false };
      const grant = await this.issue(manager, current.userId, current.familyId, (id) => tokens.update({ id: current.id }, { usedAt: new Date(), replacedBy: id }));
      return { ok: true, userId: current.userId, grant };
    });
    if (!outcome.ok) {
      throw outcome.reused
        ? new IdentityError(IdentityErrorCode.RefreshTokenReused, 'Deze sessie is beëindigd omdat een oud verversingstoken opnieuw werd gebruikt; log opnieuw in.')
        : new IdentityError(IdentityErrorCode.RefreshTokenInvalid, INVALID);
    }
    return { userId: outcome.userId, grant: outcome.grant };
  }

  /** Logout: the token's family ends (unknown or already ended tokens change nothing). */
  async end(refreshToken: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashRefreshToken(refreshToken)],
    );
  }

  /** Every session of a user ends (password changed or reset, login deactivated); the number of families. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<number> {
    const rows = (await manager.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING family_id',
      [userId],
    )) as [{ family_id: string }[], number];
    return new Set(rows[0].map((r) => r.family_id)).size;
  }

  private async reuseDetected(manager: EntityManager, token: RefreshTokenEntity, requestId: string | null): Promise<void> {
    const revoked = await manager.getRepository(RefreshTokenEntity).update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.logger.warn({ userId: token.userId, familyId: token.familyId, requestId }, 'refresh token reused: session family revoked');
    await recordAccountChange(this.audit, manager, token.userId, { actorUserId: null, requestId }, {
      action: 'user.sessions_revoked',
      entityType: 'user',
      entityId: token.userId,
      after: { cause: 'refresh_token_reused', familyId: token.familyId, tokensRevoked: revoked.affected ?? 0 },
    });
  }

  private async issue(manager: EntityManager, userId: string, familyId: string, before?: (id: string) => Promise<unknown>): Promise<RefreshGrant> {
    const id = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const ttlSeconds = this.config.auth.refreshTokenTtlDays * 86_400;
    await before?.(id);
    await manager.getRepository(RefreshTokenEntity).insert({
      id,
      userId,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      usedAt: null,
      replacedBy: null,
      revokedAt: null,
    });
    return { refreshToken, refreshExpiresIn: ttlSeconds };
  }
}
