import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { Qualification } from '@anw/rosters';
import { type PayPolicy, type Surcharge, TariffError, validatePayPolicy } from '@anw/tariffs';
import { PayPolicyEntity } from './entities/pay-policy.entity.js';
import { TariffsError, TariffsErrorCode } from './tariffs.errors.js';

export const DEFAULT_SHORT_NOTICE_HOURS = 48;

export interface PayPolicyInput {
  percentOfMaximumBp: number;
  surcharges: Surcharge[];
  shortNoticeHours?: number;
  reason?: string;
}

export interface PayPolicyView extends PayPolicy {
  /** 0: never set, the default (100 % of the maximum, no surcharges) */
  version: number;
  surcharges: Surcharge[];
  shortNoticeHours: number;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date | null;
}

const DEFAULT_POLICY: Omit<PayPolicyView, 'surcharges'> = {
  version: 0,
  percentOfMaximumBp: 10_000,
  shortNoticeHours: DEFAULT_SHORT_NOTICE_HOURS,
  reason: null,
  createdBy: null,
  createdAt: null,
};

const ROLES = Object.values(Qualification) as string[];

function view(entity: PayPolicyEntity): PayPolicyView {
  return {
    version: entity.version,
    percentOfMaximumBp: entity.percentOfMaximumBp,
    surcharges: entity.surcharges,
    shortNoticeHours: entity.shortNoticeHours,
    reason: entity.reason,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt,
  };
}

/** Only the fields of a surcharge, without undefined ones (what is stored and hashed into the audit). */
function plainSurcharge(s: Surcharge): Surcharge {
  return {
    kind: s.kind,
    ...(s.role !== undefined ? { role: s.role } : {}),
    ...(s.templateCode !== undefined ? { templateCode: s.templateCode } : {}),
    ...(s.centsPerHour !== undefined ? { centsPerHour: s.centsPerHour } : {}),
    ...(s.percentBp !== undefined ? { percentBp: s.percentBp } : {}),
    ...(s.categories !== undefined ? { categories: [...s.categories] } : {}),
    effectiveFrom: s.effectiveFrom,
    ...(s.effectiveTo !== undefined ? { effectiveTo: s.effectiveTo } : {}),
  };
}

/**
 * An HDS's pay policy: the share of the NZa maximum it pays and its surcharges (per role, per
 * dienst code, for short-notice claims; each effective-dated). Versioned: a change adds a version.
 */
@Injectable()
export class PayPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async current(hdsId: string, manager: EntityManager = this.dataSource.manager): Promise<PayPolicyView> {
    const latest = await manager.findOne(PayPolicyEntity, { where: { hdsId }, order: { version: 'DESC' } });
    return latest ? view(latest) : { ...DEFAULT_POLICY, surcharges: [] };
  }

  async versions(hdsId: string, page: { page: number; pageSize: number }): Promise<{ items: PayPolicyView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(PayPolicyEntity).findAndCount({
      where: { hdsId },
      order: { version: 'DESC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map(view), total };
  }

  async update(ctx: ChangeContext, input: PayPolicyInput): Promise<PayPolicyView> {
    const policy: PayPolicy = { percentOfMaximumBp: input.percentOfMaximumBp, surcharges: input.surcharges.map(plainSurcharge) };
    this.validate(policy);
    return this.dataSource.transaction(async (m) => {
      // One writer per HDS: versions stay consecutive.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 23))', [ctx.hdsId]);
      const before = await this.current(ctx.hdsId, m);
      const saved = await m.save(
        PayPolicyEntity,
        m.create(PayPolicyEntity, {
          hdsId: ctx.hdsId,
          version: before.version + 1,
          percentOfMaximumBp: policy.percentOfMaximumBp,
          surcharges: [...policy.surcharges],
          shortNoticeHours: input.shortNoticeHours ?? before.shortNoticeHours,
          reason: input.reason?.trim() || null,
          createdBy: ctx.actorUserId,
        }),
      );
      const after = view(saved);
      await this.audit.change(
        m,
        ctx,
        { action: 'tariffs.policy_changed', entityType: 'pay_policy', entityId: saved.id, before: before.version > 0 ? before : null, after, reason: after.reason },
        { type: 'tariffs.policy_changed', payload: { version: after.version } },
      );
      return after;
    });
  }

  /** The engine's checks plus the roles this service knows; every problem in one 400. */
  private validate(policy: PayPolicy): void {
    const problems: string[] = [];
    try {
      validatePayPolicy(policy);
    } catch (error) {
      if (!(error instanceof TariffError)) throw error;
      problems.push(error.message);
    }
    policy.surcharges.forEach((s, i) => {
      if (s.kind === 'role' && s.role && !ROLES.includes(s.role)) problems.push(`toeslag ${i + 1}: onbekende rol "${s.role}" (${ROLES.join(', ')})`);
    });
    if (problems.length > 0) throw new TariffsError(TariffsErrorCode.InvalidPolicy, `Het vergoedingsbeleid is ongeldig: ${problems.join('; ')}.`);
  }
}
