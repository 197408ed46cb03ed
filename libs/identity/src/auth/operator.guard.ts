import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import type { AuthenticatedRequest } from './principal.js';

/**
 * Platform routes (tenants, the first hds-admin): after the global AccessGuard authenticated the
 * caller, only an active user with the platform `operator` flag passes; no tenant role suffices.
 * The flag is read per request, so revoking it takes effect at once.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const userId = req.principal?.userId;
    const user = userId ? await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, operator: true, active: true } }) : null;
    if (!user || !user.active || !user.operator) {
      throw new IdentityError(IdentityErrorCode.OperatorOnly, 'Alleen beheerders van het platform (operators) mogen regio’s en HDS’en beheren.');
    }
    return true;
  }
}
