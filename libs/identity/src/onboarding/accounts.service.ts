import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import { recordAccountChange } from '../auth/account-trail.js';
import { SessionsService } from '../auth/sessions.service.js';
import { Locale, UserEntity } from '../entities/user.entity.js';
import { OnboardingError, OnboardingErrorCode } from './onboarding.errors.js';

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
}

/**
 * Logins as a whole, for platform operators. A deactivated user is refused from their next request
 * on (the guard reads the user per request), whatever tokens they still hold.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly sessions: SessionsService,
  ) {}

  /** (De)activates a login (deactivation revokes its sessions); audited in the chain of every HDS of the login (account-trail.ts). */
  async setActive(actorUserId: string, userId: string, active: boolean, requestId: string | null = null): Promise<AccountView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new OnboardingError(OnboardingErrorCode.UserNotFound, 'Deze gebruiker bestaat niet.');
      if (user.active !== active) {
        await manager.getRepository(UserEntity).update({ id: user.id }, { active });
        await recordAccountChange(this.audit, manager, user.id, { actorUserId, requestId }, {
          action: active ? 'user.activated' : 'user.deactivated',
          entityType: 'user',
          entityId: user.id,
          before: { active: user.active },
          after: { active },
        });
        // A deactivated login keeps no session it could refresh once reactivated.
        if (!active) await this.sessions.revokeAllOf(manager, user.id);
      }
      return { id: user.id, email: user.email, displayName: user.displayName, active };
    });
  }

  /** A user's own language (nl/en) for mails; audited like every account change. */
  async setLocale(userId: string, locale: Locale, requestId: string | null = null): Promise<{ locale: Locale }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new OnboardingError(OnboardingErrorCode.UserNotFound, 'Deze gebruiker bestaat niet.');
      if (user.locale !== locale) {
        await manager.getRepository(UserEntity).update({ id: user.id }, { locale });
        await recordAccountChange(this.audit, manager, user.id, { actorUserId: userId, requestId }, {
          action: 'user.locale_changed',
          entityType: 'user',
          entityId: user.id,
          before: { locale: user.locale },
          after: { locale },
        });
      }
      return { locale };
    });
  }
}
