import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import { UserEntity } from '../entities/user.entity.js';
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
  ) {}

  /** (De)activates a login; audited in the chain of every HDS where it has a membership. */
  async setActive(actorUserId: string, userId: string, active: boolean, requestId: string | null = null): Promise<AccountView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new OnboardingError(OnboardingErrorCode.UserNotFound, 'Deze gebruiker bestaat niet.');
      if (user.active !== active) {
        await manager.getRepository(UserEntity).update({ id: user.id }, { active });
        const hdsIds = ((await manager.query('SELECT DISTINCT hds_id FROM memberships WHERE user_id = $1 AND hds_id IS NOT NULL ORDER BY hds_id', [user.id])) as { hds_id: string }[]).map((r) => r.hds_id);
        for (const hdsId of hdsIds) {
          await this.audit.change(manager, { hdsId, actorUserId, requestId }, {
            action: active ? 'user.activated' : 'user.deactivated',
            entityType: 'user',
            entityId: user.id,
            before: { active: user.active },
            after: { active },
          });
        }
      }
      return { id: user.id, email: user.email, displayName: user.displayName, active };
    });
  }
}
