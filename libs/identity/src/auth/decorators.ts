import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { IS_PUBLIC, Public } from '@anw/platform';
import { Role } from '../entities/membership.entity.js';
import type { AuthenticatedRequest, HdsScope, Principal } from './principal.js';

export const ROLES = 'anw:roles';
export const AUDITOR_READABLE = 'anw:auditor-readable';

// Public routes are a platform notion (the shared health controller is one); the guard here honours them.
export { IS_PUBLIC, Public };

/** The roles that may call a route under /hds/:hdsId (fail closed: a route without it is refused). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/** A read route that a regional auditor of the HDS's region may call too. */
export const AuditorReadable = (): MethodDecorator & ClassDecorator => SetMetadata(AUDITOR_READABLE, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});

export const CurrentScope = createParamDecorator((_: unknown, ctx: ExecutionContext): HdsScope => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.hdsScope) throw new Error('CurrentScope used on a route without :hdsId');
  return req.hdsScope;
});

/** The change context of a write: tenant, actor and request id, for audit records and events. */
export const CurrentChange = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.hdsScope || !req.principal) throw new Error('CurrentChange used on a route without :hdsId');
  return { hdsId: req.hdsScope.hdsId, actorUserId: req.principal.userId, requestId: req.id ?? null };
});
