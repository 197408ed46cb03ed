import { Role } from '../entities/membership.entity.js';

export interface Grant {
  role: Role;
  hdsId: string | null;
  regionId: string | null;
  gpId: string | null;
}

/** Who is calling: the authenticated user and all their grants. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  grants: Grant[];
}

/** What the caller may do in the HDS the route names; set by the tenancy guard. */
export interface HdsScope {
  hdsId: string;
  roles: Role[];
  /** The caller's GP record in this HDS, if they are a GP there. */
  gpId: string | null;
  /** True when access comes only from a regional-auditor grant (read-only). */
  auditorOnly: boolean;
}

export interface AuthenticatedRequest {
  principal?: Principal;
  hdsScope?: HdsScope;
  id?: string;
}
