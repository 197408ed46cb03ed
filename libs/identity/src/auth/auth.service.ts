import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { MembershipEntity } from '../entities/membership.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import type { Principal } from './principal.js';

export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}


@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so timing does not reveal which accounts exist.
  private readonly dummyHash = AuthService.hashPassword(randomUUID());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async login(email: string, password: string): Promise<TokenResponse> {
    const user = await this.verifyCredentials(email, password);
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn: this.config.auth.jwtTtlSeconds });
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
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: sub });
    if (!user || !user.active) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
    const memberships = await this.dataSource.getRepository(MembershipEntity).findBy({ userId: user.id });
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      grants: memberships.map((m) => ({ role: m.role, hdsId: m.hdsId, regionId: m.regionId, gpId: m.gpId })),
    };
  }
}
