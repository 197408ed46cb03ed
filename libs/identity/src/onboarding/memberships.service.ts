import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import type { PageQuery } from '@anw/platform';
import { MembershipEntity, Role } from '../entities/membership.entity.js';
import { OnboardingError, OnboardingErrorCode } from './onboarding.errors.js';

export interface MembershipView {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  active: boolean;
  role: Role;
  gpId: string | null;
  createdAt: Date;
}

interface MembershipRow {
  id: string;
  user_id: string;
  email: string;
  display_name: string;
  active: boolean;
  role: Role;
  gp_id: string | null;
  created_at: Date;
}

const STAFF_ROLES: readonly Role[] = [Role.Planner, Role.HdsAdmin];

function view(r: MembershipRow): MembershipView {
  return { id: r.id, userId: r.user_id, email: r.email, displayName: r.display_name, active: r.active, role: r.role, gpId: r.gp_id, createdAt: r.created_at };
}

/**
 * The memberships of one HDS, for its hds-admins: list, change a staff role, remove. Removing one
 * takes the login's access to this HDS away at its next request (the guard reads grants per
 * request); a GP's record and history stay.
 */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(hdsId: string, query: PageQuery): Promise<{ items: MembershipView[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT m.id, m.user_id, u.email, u.display_name, u.active, m.role, m.gp_id, m.created_at, count(*) OVER () AS total
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.hds_id = $1 ORDER BY u.display_name, u.email, m.role, m.id OFFSET $2 LIMIT $3`,
      [hdsId, (query.page - 1) * query.pageSize, query.pageSize],
    )) as (MembershipRow & { total: string })[];
    const total = rows[0] ? Number(rows[0].total) : Number((await this.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM memberships WHERE hds_id = $1', [hdsId]))[0].n);
    return { items: rows.map(view), total };
  }

  /** Planner ↔ hds-admin; a GP membership belongs to its GP record and is not turned into another role. */
  async changeRole(ctx: ChangeContext, membershipId: string, role: Role): Promise<MembershipView> {
    return this.dataSource.transaction(async (manager) => {
      const membership = await this.locked(manager, ctx.hdsId, membershipId);
      if (!STAFF_ROLES.includes(membership.role) || !STAFF_ROLES.includes(role)) {
        throw new OnboardingError(OnboardingErrorCode.MembershipRoleFixed, 'Alleen de rollen planner en hds-admin kunnen in elkaar worden omgezet; nodig een huisarts uit als huisarts.');
      }
      if (membership.role !== role) {
        if (await manager.getRepository(MembershipEntity).existsBy({ userId: membership.userId, hdsId: ctx.hdsId, role })) {
          throw new OnboardingError(OnboardingErrorCode.AlreadyMember, 'Deze gebruiker heeft die rol al in deze HDS.');
        }
        if (membership.role === Role.HdsAdmin) await this.refuseLastAdmin(manager, ctx.hdsId, membership.userId);
        await manager.getRepository(MembershipEntity).update({ id: membership.id }, { role });
        await this.audit.change(manager, ctx, {
          action: 'membership.role_changed',
          entityType: 'membership',
          entityId: membership.id,
          before: { userId: membership.userId, role: membership.role },
          after: { userId: membership.userId, role },
        });
      }
      return this.one(manager, membership.id);
    });
  }

  async remove(ctx: ChangeContext, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.locked(manager, ctx.hdsId, membershipId);
      if (membership.role === Role.HdsAdmin) await this.refuseLastAdmin(manager, ctx.hdsId, membership.userId);
      await manager.getRepository(MembershipEntity).delete({ id: membership.id });
      await this.audit.change(manager, ctx, {
        action: 'membership.removed',
        entityType: 'membership',
        entityId: membership.id,
        before: { userId: membership.userId, role: membership.role, gpId: membership.gpId },
      });
    });
  }

  private async locked(manager: EntityManager, hdsId: string, membershipId: string): Promise<MembershipEntity> {
    const membership = await manager.getRepository(MembershipEntity).findOne({ where: { id: membershipId, hdsId }, lock: { mode: 'pessimistic_write' } });
    if (!membership) throw new OnboardingError(OnboardingErrorCode.MembershipNotFound, 'Dit lidmaatschap bestaat niet in deze HDS.');
    return membership;
  }

  // An HDS always keeps an hds-admin who can log in: otherwise only SQL lets anyone in again.
  private async refuseLastAdmin(manager: EntityManager, hdsId: string, userId: string): Promise<void> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.hds_id = $1 AND m.role = 'hds-admin' AND u.active AND m.user_id <> $2`,
      [hdsId, userId],
    )) as { n: number }[];
    if (row.n === 0) throw new OnboardingError(OnboardingErrorCode.LastHdsAdmin, 'Dit is de laatste HDS-beheerder; benoem eerst een andere.');
  }

  private async one(manager: EntityManager, id: string): Promise<MembershipView> {
    const [row] = (await manager.query(
      'SELECT m.id, m.user_id, u.email, u.display_name, u.active, m.role, m.gp_id, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id = $1',
      [id],
    )) as MembershipRow[];
    return view(row);
  }
}
