import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HdsEntity } from '../entities/hds.entity.js';
import { Role } from '../entities/membership.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import { AuthService } from './auth.service.js';
import { AUDITOR_READABLE, IS_PUBLIC, ROLES } from './decorators.js';
import type { AuthenticatedRequest, HdsScope, Principal } from './principal.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place where identity and tenancy are enforced, for every route:
 * a bearer token unless @Public; under /hds/:hdsId a grant in that HDS with one of the route's
 * @Roles (or, on @AuditorReadable GET routes, a regional-auditor grant for its region); under
 * /regions/:regionId a regional-auditor grant for that region. Routes without @Roles under a
 * tenant are refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined>; params: Record<string, string>; method: string }>();
    const header = req.headers['authorization'] ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Log in en stuur het toegangstoken mee (Authorization: Bearer …).');
    const principal = await this.auth.authenticate(match[1]);
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const auditorReadable = this.reflector.getAllAndOverride<boolean>(AUDITOR_READABLE, targets) ?? false;
    const { hdsId, regionId } = req.params ?? {};
    if (hdsId !== undefined) {
      req.hdsScope = await this.hdsScope(principal, hdsId, roles ?? [], auditorReadable && req.method === 'GET');
    } else if (regionId !== undefined) {
      const allowed = UUID.test(regionId) && principal.grants.some((g) => g.role === Role.RegionalAuditor && g.regionId === regionId);
      if (!allowed) throw new IdentityError(IdentityErrorCode.NoAccessToHds, 'U heeft geen toegang tot deze regio.');
    }
    return true;
  }

  private async hdsScope(principal: Principal, hdsId: string, routeRoles: Role[], auditorMayRead: boolean): Promise<HdsScope> {
    const denied = new IdentityError(IdentityErrorCode.NoAccessToHds, 'U heeft geen toegang tot deze HDS.');
    if (!UUID.test(hdsId)) throw denied;
    const own = principal.grants.filter((g) => g.hdsId === hdsId);
    const allowedOwn = own.filter((g) => routeRoles.includes(g.role));
    if (allowedOwn.length > 0) {
      return { hdsId, roles: allowedOwn.map((g) => g.role), gpId: own.find((g) => g.role === Role.Gp)?.gpId ?? null, auditorOnly: false };
    }
    if (auditorMayRead && routeRoles.includes(Role.RegionalAuditor)) {
      const regions = principal.grants.filter((g) => g.role === Role.RegionalAuditor).map((g) => g.regionId);
      if (regions.length > 0) {
        const hds = await this.dataSource.getRepository(HdsEntity).findOne({ where: { id: hdsId }, select: { id: true, regionId: true } });
        if (hds && regions.includes(hds.regionId)) return { hdsId, roles: [Role.RegionalAuditor], gpId: null, auditorOnly: true };
      }
    }
    if (own.length > 0) {
      throw new IdentityError(IdentityErrorCode.RoleNotAllowed, 'Uw rol in deze HDS geeft geen toegang tot deze handeling.');
    }
    throw denied;
  }
}
