import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail, type AuditEntry, type ChangeContext, type DomainEvent } from '@anw/audit';
import { APP_CONFIG, type AppConfig, type PageQuery } from '@anw/platform';
import { AuthService } from '../auth/auth.service.js';
import { MembershipEntity, Role } from '../entities/membership.entity.js';
import { Locale, UserEntity } from '../entities/user.entity.js';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';
import { InvitationEntity } from './invitation.entity.js';
import { requireAcceptablePassword } from '../auth/password-policy.js';
import { invitationStatus, InvitationStatus, mayInvite } from './invitation-rules.js';
import { hashInvitationToken, INVITATION_SENT_EVENT, INVITATION_TTL_MS, invitationToken } from './invitation-token.js';
import { OnboardingError, OnboardingErrorCode } from './onboarding.errors.js';

export interface InviteInput {
  role: Role;
  /** For planners and hds-admins; a GP's invitation goes to their GP record's address. */
  email?: string;
  gpId?: string;
  locale?: Locale;
}

export interface InvitationView {
  id: string;
  hdsId: string;
  role: Role;
  email: string;
  gpId: string | null;
  regionId: string | null;
  locale: Locale;
  status: InvitationStatus;
  sendCount: number;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface AcceptInput {
  token: string;
  password?: string;
  displayName?: string;
}

export interface AcceptResult {
  userId: string;
  email: string;
  hdsId: string;
  role: Role;
  gpId: string | null;
  regionId: string | null;
  membershipId: string;
  newAccount: boolean;
}

interface Draft {
  hdsId: string;
  role: Role;
  email: string;
  gpId: string | null;
  regionId?: string | null;
  locale: Locale;
}

export function invitationView(i: InvitationEntity, now = new Date()): InvitationView {
  return {
    id: i.id,
    hdsId: i.hdsId,
    role: i.role,
    email: i.email,
    gpId: i.gpId,
    regionId: i.regionId,
    locale: i.locale,
    status: invitationStatus(i, now),
    sendCount: i.sendCount,
    expiresAt: i.expiresAt,
    createdAt: i.createdAt,
    acceptedAt: i.acceptedAt,
    revokedAt: i.revokedAt,
  };
}

// What the trail keeps of an invitation: never its token or the token's hash.
function trailed(i: Pick<InvitationEntity, 'role' | 'email' | 'gpId' | 'regionId' | 'locale' | 'sendCount' | 'expiresAt'>): Record<string, unknown> {
  return { role: i.role, email: i.email, gpId: i.gpId, regionId: i.regionId, locale: i.locale, sendCount: i.sendCount, expiresAt: i.expiresAt };
}

function sent(i: { id: string; sendCount: number }): DomainEvent {
  return { type: INVITATION_SENT_EVENT, payload: { invitationId: i.id, sendCount: i.sendCount } };
}

/**
 * Invitations into an HDS: created, re-sent and revoked by the HDS's own staff (or, for the first
 * hds-admin, by a platform operator), accepted with the token from the mail. Each change writes
 * its audit record, and each (re-)send the outbox event from which the worker sends the mail.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A platform operator invites an HDS's (first) hds-admin. */
  async inviteHdsAdmin(ctx: ChangeContext, email: string, locale: Locale = Locale.Nl): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const [hds] = (await manager.query('SELECT id FROM hds WHERE id = $1', [ctx.hdsId])) as { id: string }[];
      if (!hds) throw new OnboardingError(OnboardingErrorCode.HdsNotFound, 'Deze HDS bestaat niet.');
      return this.createOne(manager, ctx, { hdsId: ctx.hdsId, role: Role.HdsAdmin, email: email.trim().toLowerCase(), gpId: null, locale });
    });
  }

  /**
   * A platform operator invites a regional auditor, who will read every HDS of the region: the
   * invitation is recorded in the chain of each of them; the first (by code) sends the mail.
   */
  async inviteRegionalAuditor(actorUserId: string, regionId: string, email: string, locale: Locale = Locale.Nl, requestId: string | null = null): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const [region] = (await manager.query('SELECT id FROM regions WHERE id = $1 FOR SHARE', [regionId])) as { id: string }[];
      if (!region) throw new OnboardingError(OnboardingErrorCode.RegionNotFound, 'Deze regio bestaat niet.');
      const hdsIds = ((await manager.query('SELECT id FROM hds WHERE region_id = $1 ORDER BY code', [regionId])) as { id: string }[]).map((r) => r.id);
      if (hdsIds.length === 0) throw new OnboardingError(OnboardingErrorCode.RegionWithoutHds, 'Deze regio heeft nog geen HDS; een regionale auditor heeft daar niets te lezen.');
      const draft: Draft = { hdsId: hdsIds[0], role: Role.RegionalAuditor, email: email.trim().toLowerCase(), gpId: null, regionId, locale };
      await this.refuseDuplicate(manager, draft);
      const invitation = await this.insert(manager, { hdsId: hdsIds[0], actorUserId, requestId }, draft);
      const entry: AuditEntry = { action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, after: trailed(invitation) };
      for (const hdsId of hdsIds) await this.audit.change(manager, { hdsId, actorUserId, requestId }, entry, hdsId === invitation.hdsId ? sent(invitation) : undefined);
      return invitationView(invitation);
    });
  }

  /** An hds-admin or planner invites into their own HDS (the tenancy guard has checked the HDS). */
  async invite(ctx: ChangeContext, callerRoles: readonly Role[], input: InviteInput): Promise<InvitationView> {
    this.refuseRole(callerRoles, input.role);
    return this.dataSource.transaction(async (manager) => {
      let draft: Draft;
      if (input.role === Role.Gp) {
        if (!input.gpId) throw new OnboardingError(OnboardingErrorCode.InviteGpUnknown, 'Een uitnodiging als huisarts noemt de huisarts (gpId).');
        const [gp] = (await manager.query('SELECT id, email FROM gps WHERE id = $1 AND hds_id = $2', [input.gpId, ctx.hdsId])) as { id: string; email: string }[];
        // A GP of another HDS is as unknown as one that does not exist.
        if (!gp) throw new OnboardingError(OnboardingErrorCode.InviteGpUnknown, 'Deze huisarts bestaat niet in deze HDS.');
        draft = { hdsId: ctx.hdsId, role: Role.Gp, email: gp.email.trim().toLowerCase(), gpId: gp.id, locale: input.locale ?? Locale.Nl };
      } else {
        if (!input.email) throw new OnboardingError(OnboardingErrorCode.AccountDetailsMissing, 'Geef het e-mailadres van wie u uitnodigt.');
        draft = { hdsId: ctx.hdsId, role: input.role, email: input.email.trim().toLowerCase(), gpId: null, locale: input.locale ?? Locale.Nl };
      }
      return this.createOne(manager, ctx, draft);
    });
  }

  /** Every current GP of the HDS without a login and without a pending invitation, invited at once. */
  async inviteAllGps(ctx: ChangeContext, callerRoles: readonly Role[], locale: Locale = Locale.Nl): Promise<{ invited: number }> {
    this.refuseRole(callerRoles, Role.Gp);
    return this.dataSource.transaction(async (manager) => {
      const gps = (await manager.query(
        `SELECT g.id, g.email FROM gps g
          WHERE g.hds_id = $1 AND (g.left_on IS NULL OR g.left_on >= current_date) AND g.email <> ''
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.hds_id = g.hds_id AND m.gp_id = g.id AND m.role = 'gp')
            AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.hds_id = g.hds_id AND i.gp_id = g.id
                              AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())
          ORDER BY g.name, g.id
          FOR UPDATE OF g`,
        [ctx.hdsId],
      )) as { id: string; email: string }[];
      const entries: AuditEntry[] = [];
      const events: DomainEvent[] = [];
      for (const gp of gps) {
        const invitation = await this.insert(manager, ctx, { hdsId: ctx.hdsId, role: Role.Gp, email: gp.email.trim().toLowerCase(), gpId: gp.id, locale });
        entries.push({ action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, after: trailed(invitation) });
        events.push(sent(invitation));
      }
      await this.audit.changes(manager, ctx, entries, events);
      return { invited: gps.length };
    });
  }

  async list(hdsId: string, query: PageQuery): Promise<{ items: InvitationView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(InvitationEntity).findAndCount({
      where: { hdsId, regionId: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const now = new Date();
    return { items: rows.map((r) => invitationView(r, now)), total };
  }

  /** A new link (the old one dies) with a fresh expiry, mailed again. */
  async resend(ctx: ChangeContext, callerRoles: readonly Role[], invitationId: string): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => this.reissue(manager, ctx, await this.openInvitation(manager, ctx.hdsId, invitationId, callerRoles)));
  }

  async revoke(ctx: ChangeContext, callerRoles: readonly Role[], invitationId: string): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => this.withdraw(manager, ctx, await this.openInvitation(manager, ctx.hdsId, invitationId, callerRoles)));
  }

  /**
   * The one re-send, for staff and operators alike: the invitation (locked by the caller) gets a
   * new link and expiry; recorded like its creation (a regional auditor's in every HDS of the region).
   */
  async reissue(manager: EntityManager, actor: Omit<ChangeContext, 'hdsId'>, invitation: InvitationEntity): Promise<InvitationView> {
    this.refuseNotOpen(invitation);
    const before = trailed(invitation);
    invitation.sendCount += 1;
    invitation.expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    invitation.tokenHash = hashInvitationToken(invitationToken(this.config.auth.jwtSecret, invitation.id, invitation.sendCount));
    await manager.getRepository(InvitationEntity).save(invitation);
    await this.recordFor(manager, actor, invitation, { action: 'invitation.resent', entityType: 'invitation', entityId: invitation.id, before, after: trailed(invitation) }, sent(invitation));
    return invitationView(invitation);
  }

  /** The one revocation, for staff and operators alike (the invitation locked by the caller). */
  async withdraw(manager: EntityManager, actor: Omit<ChangeContext, 'hdsId'>, invitation: InvitationEntity): Promise<InvitationView> {
    this.refuseNotOpen(invitation);
    invitation.revokedAt = new Date();
    await manager.getRepository(InvitationEntity).save(invitation);
    await this.recordFor(manager, actor, invitation, { action: 'invitation.revoked', entityType: 'invitation', entityId: invitation.id, before: trailed(invitation) });
    return invitationView(invitation);
  }

  /**
   * Accepts an invitation: as the logged-in user (`userId`), as the existing account of the
   * invited address (its password), or as a new account (password and display name). Links the
   * membership (a GP's to their GP record) and uses the token up.
   */
  async accept(input: AcceptInput, userId: string | null): Promise<AcceptResult> {
    const tokenHash = hashInvitationToken(input.token);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await manager.getRepository(InvitationEntity).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) {
        throw new OnboardingError(OnboardingErrorCode.InvitationNotFound, 'Deze uitnodigingslink is ongeldig of vervangen door een nieuwere uitnodiging.');
      }
      this.refuseClosed(invitation);
      const { user, newAccount } = await this.acceptingUser(manager, invitation, input, userId);
      const membership = await this.link(manager, invitation, user.id);
      invitation.acceptedAt = new Date();
      invitation.acceptedUserId = user.id;
      await manager.getRepository(InvitationEntity).save(invitation);
      await this.audit.change(
        manager,
        { hdsId: invitation.hdsId, actorUserId: user.id },
        {
          action: 'invitation.accepted',
          entityType: 'invitation',
          entityId: invitation.id,
          after: { userId: user.id, membershipId: membership.id, role: membership.role, gpId: membership.gpId, regionId: membership.regionId, newAccount },
        },
      );
      return { userId: user.id, email: user.email, hdsId: invitation.hdsId, role: membership.role, gpId: membership.gpId, regionId: membership.regionId, membershipId: membership.id, newAccount };
    });
  }

  private refuseRole(callerRoles: readonly Role[], role: Role): void {
    if (!mayInvite(callerRoles, role)) {
      throw new OnboardingError(
        OnboardingErrorCode.InviteRoleNotAllowed,
        role === Role.Gp ? 'Alleen planners en HDS-beheerders nodigen huisartsen uit.' : 'Alleen HDS-beheerders nodigen planners en HDS-beheerders uit.',
      );
    }
  }

  private refuseClosed(invitation: InvitationEntity): void {
    switch (invitationStatus(invitation, new Date())) {
      case InvitationStatus.Accepted:
        throw new OnboardingError(OnboardingErrorCode.InvitationUsed, 'Deze uitnodiging is al gebruikt; log in met uw account.');
      case InvitationStatus.Revoked:
        throw new OnboardingError(OnboardingErrorCode.InvitationRevoked, 'Deze uitnodiging is ingetrokken; vraag om een nieuwe uitnodiging.');
      case InvitationStatus.Expired:
        throw new OnboardingError(OnboardingErrorCode.InvitationExpired, 'Deze uitnodiging is verlopen; vraag om een nieuwe uitnodiging.');
      case InvitationStatus.Pending:
        return;
    }
  }

  /** A pending invitation of this HDS, locked; one the caller may not send is refused like its kind. */
  private async openInvitation(manager: EntityManager, hdsId: string, invitationId: string, callerRoles: readonly Role[]): Promise<InvitationEntity> {
    const invitation = await manager.getRepository(InvitationEntity).findOne({ where: { id: invitationId, hdsId, regionId: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (!invitation) throw new OnboardingError(OnboardingErrorCode.InvitationNotFound, 'Deze uitnodiging bestaat niet in deze HDS.');
    this.refuseRole(callerRoles, invitation.role);
    return invitation;
  }

  private refuseNotOpen(invitation: InvitationEntity): void {
    if (invitation.acceptedAt) throw new OnboardingError(OnboardingErrorCode.InvitationUsed, 'Deze uitnodiging is al geaccepteerd.');
    if (invitation.revokedAt) throw new OnboardingError(OnboardingErrorCode.InvitationRevoked, 'Deze uitnodiging is al ingetrokken.');
  }

  /** In the invitation's HDS chain (with the mail's event), and for a regional auditor's in every HDS of the region too. */
  private async recordFor(manager: EntityManager, actor: Omit<ChangeContext, 'hdsId'>, invitation: InvitationEntity, entry: AuditEntry, event?: DomainEvent): Promise<void> {
    const regional = invitation.regionId
      ? ((await manager.query('SELECT id FROM hds WHERE region_id = $1 ORDER BY code', [invitation.regionId])) as { id: string }[]).map((r) => r.id)
      : [];
    for (const hdsId of new Set([invitation.hdsId, ...regional])) await this.audit.change(manager, { ...actor, hdsId }, entry, hdsId === invitation.hdsId ? event : undefined);
  }

  private async createOne(manager: EntityManager, ctx: ChangeContext, draft: Draft): Promise<InvitationView> {
    await this.refuseDuplicate(manager, draft);
    const invitation = await this.insert(manager, ctx, draft);
    await this.audit.change(manager, ctx, { action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, after: trailed(invitation) }, sent(invitation));
    return invitationView(invitation);
  }

  private async refuseDuplicate(manager: EntityManager, draft: Draft): Promise<void> {
    const [member] = (
      draft.role === Role.Gp
        ? await manager.query(`SELECT 1 FROM memberships WHERE hds_id = $1 AND role = 'gp' AND gp_id = $2`, [draft.hdsId, draft.gpId])
        : draft.role === Role.RegionalAuditor
          ? await manager.query(`SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.region_id = $1 AND m.role = 'regional-auditor' AND u.email = $2`, [draft.regionId, draft.email])
          : await manager.query('SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.hds_id = $1 AND m.role = $2 AND u.email = $3', [draft.hdsId, draft.role, draft.email])
    ) as unknown[];
    if (member) {
      throw draft.role === Role.Gp
        ? new OnboardingError(OnboardingErrorCode.InviteGpHasLogin, 'Deze huisarts heeft al een account in deze HDS.')
        : new OnboardingError(OnboardingErrorCode.AlreadyMember, 'Deze persoon heeft deze rol al in deze HDS.');
    }
    const [pending] = (await manager.query(
      `SELECT 1 FROM invitations WHERE hds_id = $1 AND role = $2 AND email = $3 AND gp_id IS NOT DISTINCT FROM $4 AND region_id IS NOT DISTINCT FROM $5
          AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
      [draft.hdsId, draft.role, draft.email, draft.gpId, draft.regionId ?? null],
    )) as unknown[];
    if (pending) {
      throw new OnboardingError(OnboardingErrorCode.InvitationPending, 'Er staat al een uitnodiging open voor deze persoon en rol; verstuur die opnieuw of trek hem in.');
    }
  }

  private async insert(manager: EntityManager, ctx: ChangeContext, draft: Draft): Promise<InvitationEntity> {
    const id = randomUUID();
    return manager.getRepository(InvitationEntity).save({
      id,
      ...draft,
      regionId: draft.regionId ?? null,
      sendCount: 1,
      tokenHash: hashInvitationToken(invitationToken(this.config.auth.jwtSecret, id, 1)),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      invitedBy: ctx.actorUserId,
      acceptedAt: null,
      acceptedUserId: null,
      revokedAt: null,
    });
  }

  private async acceptingUser(manager: EntityManager, invitation: InvitationEntity, input: AcceptInput, userId: string | null): Promise<{ user: UserEntity; newAccount: boolean }> {
    const users = manager.getRepository(UserEntity);
    if (userId) {
      const user = await users.findOneBy({ id: userId, active: true });
      if (!user) throw new IdentityError(IdentityErrorCode.TokenInvalid, 'Ongeldig toegangstoken.');
      return { user, newAccount: false };
    }
    const existing = await users.findOneBy({ email: invitation.email });
    if (existing) {
      if (!input.password) {
        throw new OnboardingError(OnboardingErrorCode.AccountExists, 'Er bestaat al een account met dit e-mailadres: log in, of geef het wachtwoord van dat account mee.');
      }
      const ok = existing.active && (await argon2.verify(existing.passwordHash, input.password).catch(() => false));
      if (!ok) throw new IdentityError(IdentityErrorCode.InvalidCredentials, 'Onjuist e-mailadres of wachtwoord.');
      return { user: existing, newAccount: false };
    }
    if (!input.password || !input.displayName?.trim()) {
      throw new OnboardingError(OnboardingErrorCode.AccountDetailsMissing, 'Kies een wachtwoord en geef uw naam om uw account aan te maken.');
    }
    await requireAcceptablePassword(input.password, [invitation.email, input.displayName]);
    const user = await users.save({
      email: invitation.email,
      passwordHash: await AuthService.hashPassword(input.password),
      displayName: input.displayName.trim(),
      locale: invitation.locale,
    });
    return { user, newAccount: true };
  }

  private async link(manager: EntityManager, invitation: InvitationEntity, userId: string): Promise<MembershipEntity> {
    const memberships = manager.getRepository(MembershipEntity);
    if (invitation.regionId) {
      if (await memberships.existsBy({ userId, regionId: invitation.regionId, role: invitation.role })) {
        throw new OnboardingError(OnboardingErrorCode.AlreadyMember, 'U bent al regionale auditor van deze regio.');
      }
      return memberships.save({ userId, role: invitation.role, hdsId: null, regionId: invitation.regionId, gpId: null });
    }
    if (await memberships.existsBy({ userId, hdsId: invitation.hdsId, role: invitation.role })) {
      throw new OnboardingError(OnboardingErrorCode.AlreadyMember, 'U heeft deze rol al in deze HDS.');
    }
    if (invitation.gpId && (await memberships.existsBy({ hdsId: invitation.hdsId, role: Role.Gp, gpId: invitation.gpId }))) {
      throw new OnboardingError(OnboardingErrorCode.InviteGpHasLogin, 'Deze huisarts heeft al een account in deze HDS.');
    }
    return memberships.save({ userId, role: invitation.role, hdsId: invitation.hdsId, regionId: null, gpId: invitation.gpId });
  }
}
