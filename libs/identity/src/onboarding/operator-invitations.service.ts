import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChangeContext } from '@anw/audit';
import type { PageQuery } from '@anw/platform';
import { Role } from '../entities/membership.entity.js';
import { InvitationEntity } from './invitation.entity.js';
import { InvitationStatus } from './invitation-rules.js';
import { invitationView, InvitationsService, type InvitationView } from './invitations.service.js';
import { OnboardingError, OnboardingErrorCode } from './onboarding.errors.js';

/** The invitations a platform operator sends: regional auditors, and hds-admins (an HDS's first) invited by an operator. */
const OPERATOR_SENT = `(i.role = '${Role.RegionalAuditor}' OR (i.role = '${Role.HdsAdmin}' AND EXISTS (SELECT 1 FROM users u WHERE u.id = i.invited_by AND u.operator)))`;

export interface OperatorInvitationFilter {
  hdsId?: string;
  /** A region's auditor invitations and the hds-admin invitations of its HDS'en. */
  regionId?: string;
  status?: InvitationStatus;
}

// The SQL twin of invitationStatus: accepted, else revoked, else expired or pending by the clock.
const STATUS_SQL: Record<InvitationStatus, string> = {
  [InvitationStatus.Accepted]: 'i.accepted_at IS NOT NULL',
  [InvitationStatus.Revoked]: 'i.accepted_at IS NULL AND i.revoked_at IS NOT NULL',
  [InvitationStatus.Expired]: 'i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at <= now()',
  [InvitationStatus.Pending]: 'i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()',
};

/**
 * Operators list, re-send and revoke the hds-admin and regional-auditor invitations (a pending
 * one blocks a new one for its 7 days); the re-send and revocation themselves are
 * InvitationsService's, the same as for an HDS's staff.
 */
@Injectable()
export class OperatorInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
  ) {}

  async list(filter: OperatorInvitationFilter, query: PageQuery): Promise<{ items: InvitationView[]; total: number }> {
    const qb = this.dataSource.getRepository(InvitationEntity).createQueryBuilder('i').where(OPERATOR_SENT);
    if (filter.hdsId) qb.andWhere('i.hds_id = :hdsId', { hdsId: filter.hdsId });
    if (filter.regionId) {
      qb.andWhere('(i.region_id = :regionId OR (i.region_id IS NULL AND i.hds_id IN (SELECT h.id FROM hds h WHERE h.region_id = :regionId)))', { regionId: filter.regionId });
    }
    if (filter.status) qb.andWhere(STATUS_SQL[filter.status]);
    const [rows, total] = await qb
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const now = new Date();
    return { items: rows.map((r) => invitationView(r, now)), total };
  }

  resend(actor: Omit<ChangeContext, 'hdsId'>, invitationId: string): Promise<InvitationView> {
    return this.dataSource.transaction(async (m) => this.invitations.reissue(m, actor, await this.locked(m, invitationId)));
  }

  revoke(actor: Omit<ChangeContext, 'hdsId'>, invitationId: string): Promise<InvitationView> {
    return this.dataSource.transaction(async (m) => this.invitations.withdraw(m, actor, await this.locked(m, invitationId)));
  }

  private async locked(m: EntityManager, invitationId: string): Promise<InvitationEntity> {
    const invitation = await m.getRepository(InvitationEntity).findOne({ where: { id: invitationId }, lock: { mode: 'pessimistic_write' } });
    const [operatorSent] = invitation ? ((await m.query(`SELECT 1 FROM invitations i WHERE i.id = $1 AND ${OPERATOR_SENT}`, [invitationId])) as unknown[]) : [];
    // An HDS's own invitations (planners, GPs, co-admins) are its staff's, not the platform's.
    if (!invitation || !operatorSent) {
      throw new OnboardingError(OnboardingErrorCode.InvitationNotFound, 'Deze uitnodiging bestaat niet, of is niet door een platformbeheerder verstuurd.');
    }
    return invitation;
  }
}
