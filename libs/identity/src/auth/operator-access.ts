import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import { AuthService } from './auth.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';

const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 256;

/**
 * Who may open the operations pages (the queue dashboard), which span every HDS: an active user
 * with the platform `operator` flag — no tenant role suffices. Accepts the app's own bearer token
 * or HTTP Basic (e-mail and password, through the login rate limit). Fails closed: anything else
 * throws an IdentityError.
 */
@Injectable()
export class OperatorAccess {
  // A browser re-sends Basic credentials with every request of the dashboard, its polling too. A
  // verified header is remembered for a few minutes (by its SHA-256, tied to the password hash it
  // matched), so argon2 and the rate limit count real attempts, not polls; a new password ends it.
  private readonly verified = new Map<string, { userId: string; passwordHash: string; until: number }>();

  constructor(
    private readonly auth: AuthService,
    private readonly rateLimiter: LoginRateLimiter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The operator behind an Authorization header; 401 (IdentityError) without valid credentials, 403 for a non-operator. */
  async authorize(authorization: string | undefined, ip: string): Promise<UserEntity> {
    const user = await this.authenticate(authorization ?? '', ip);
    if (!user.active || !user.operator) {
      throw new IdentityError(IdentityErrorCode.OperatorOnly, 'Alleen beheerders van het platform (operators) hebben toegang tot het wachtrijdashboard.');
    }
    return user;
  }

  private async authenticate(header: string, ip: string): Promise<UserEntity> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) {
      const principal = await this.auth.authenticate(bearer[1]);
      const user = await this.users().findOneBy({ id: principal.userId });
      if (!user) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
      return user;
    }
    const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header);
    if (basic) return this.basic(basic[1], ip);
    throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Log in met het e-mailadres en wachtwoord van een platformbeheerder, of stuur een toegangstoken mee.');
  }

  private async basic(encoded: string, ip: string): Promise<UserEntity> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const email = colon > 0 ? decoded.slice(0, colon) : '';
    if (!email) throw new IdentityError(IdentityErrorCode.InvalidCredentials, 'Onjuist e-mailadres of wachtwoord.');
    const key = createHash('sha256').update(encoded).digest('base64url');
    const now = Date.now();
    const known = this.verified.get(key);
    if (known && known.until > now) {
      const user = await this.users().findOneBy({ id: known.userId });
      if (user && user.active && user.passwordHash === known.passwordHash) return user;
    }
    this.verified.delete(key);
    await this.rateLimiter.consume(ip, email);
    const user = await this.auth.verifyCredentials(email, decoded.slice(colon + 1));
    if (user.operator) {
      if (this.verified.size >= REMEMBER_MAX) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(key, { userId: user.id, passwordHash: user.passwordHash, until: now + REMEMBER_MS });
    }
    return user;
  }

  private users() {
    return this.dataSource.getRepository(UserEntity);
  }
}
