import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG, prepared, type AppConfig } from '@anw/platform';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import type { Grant, Principal } from './principal.js';
import { SessionsService } from './sessions.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Opaque; exchanged for a new pair at POST /auth/refresh (once: it rotates). */
  refreshToken: string;
  refreshExpiresIn: number;
}

@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so timing does not reveal which accounts exist.
  private readonly dummyHash = AuthService.hashPassword(randomUUID());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /** A short-lived access token and the first refresh token of a new session. */
  async login(email: string, password: string): Promise<TokenResponse> {
    const user = await this.verifyCredentials(email, password);
    const [access, grant] = await Promise.all([this.accessToken(user.id), this.sessions.start(user.id)]);
    return { ...access, ...grant };
  }

  /** A new pair for a refresh token, which is used up (rotation; see SessionsService). */
  async refresh(refreshToken: string, requestId: string | null = null): Promise<TokenResponse> {
    const { userId, grant } = await this.sessions.rotate(refreshToken, requestId);
    return { ...(await this.accessToken(userId)), ...grant };
  }

  private async accessToken(userId: string): Promise<Pick<TokenResponse, 'accessToken' | 'tokenType' | 'expiresIn'>> {
    const accessToken = await this.jwt.signAsync({ sub: userId }, { expiresIn: this.config.auth.jwtTtlSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtTtlSeconds };
  }

  /** The active user with this e-mail and password (argon2id); the same answer and timing for unknown e-mails. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: email.trim().toLowerCase() });
    const ok = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok || !user.active) {
      throw new IdentityError(IdentityErrorCode.InvalidCredentials, 'Onjuist e-mailadres of wachtwoord.');
    }
    return user;
  }

  /** Verifies a bearer token and loads the user's current grants (so revocation is immediate). */
  async authenticate(token: string): Promise<Principal> {
    let sub: string;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token));
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new IdentityError(
        expired ? IdentityErrorCode.TokenExpired : IdentityErrorCode.TokenInvalid,
        expired ? 'Uw sessie is verlopen; log opnieuw in.' : 'Ongeldig toegangstoken.',
      );
    }
    if (typeof sub !== 'string' || !UUID.test(sub)) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
    // The user and their grants in one statement (every authenticated request runs it), as a named
    // prepared statement: PostgreSQL plans it once per connection (its generic plan: both tables by
    // their keys) instead of on every request, where planning costs more than running it.
    const { rows } = await prepared<{ id: string; email: string; display_name: string; locale: string; grants: Grant[] }>(
      this.dataSource.manager,
      'auth.principal',
      `SELECT u.id, u.email, u.display_name, u.locale,
                    COALESCE((SELECT json_agg(json_build_object('role', m.role, 'hdsId', m.hds_id, 'regionId', m.region_id, 'gpId', m.gp_id))
                                FROM memberships m WHERE m.user_id = u.id), '[]'::json) AS grants
               FROM users u
              WHERE u.id = $1 AND u.active`,
      [sub],
    );
    const user = rows[0];
    if (!user) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
    return { userId: user.id, email: user.email, displayName: user.display_name, locale: user.locale, grants: user.grants };
  }
}
