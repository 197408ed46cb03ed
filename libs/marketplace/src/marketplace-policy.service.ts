import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { HdsEntity } from '@anw/identity';
import { resolvePolicy, validatePolicy, type MarketplacePolicy } from './domain/policy.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';

/** The HDS's marketplace policy (`hds.marketplace_policy`), over sensible defaults. */
@Injectable()
export class MarketplacePolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get(hdsId: string, m: EntityManager = this.dataSource.manager): Promise<MarketplacePolicy> {
    return (await this.settings(hdsId, m)).policy;
  }

  /** The policy and the evening start (for tariffs) in one read. */
  async settings(hdsId: string, m: EntityManager = this.dataSource.manager): Promise<{ policy: MarketplacePolicy; eveningStart: string }> {
    const hds = await m.findOne(HdsEntity, { where: { id: hdsId }, select: { id: true, eveningStart: true, marketplacePolicy: true } });
    return { policy: resolvePolicy(hds?.marketplacePolicy), eveningStart: hds?.eveningStart ?? '17:00' };
  }

  /** Changes some fields; the others keep their current value. */
  async update(ctx: ChangeContext, input: Record<string, unknown>): Promise<MarketplacePolicy> {
    return this.dataSource.transaction(async (m) => {
      const [row] = (await m.query('SELECT marketplace_policy FROM hds WHERE id = $1 FOR UPDATE', [ctx.hdsId])) as { marketplace_policy: unknown }[];
      const before = resolvePolicy(row?.marketplace_policy);
      const { policy, problems } = validatePolicy(input, before);
      if (problems.length > 0) {
        throw new MarketplaceError(MarketplaceErrorCode.PolicyInvalid, `Ongeldig ruilbeleid: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ field: p.field, message: p.message })));
      }
      await m.query('UPDATE hds SET marketplace_policy = $2 WHERE id = $1', [ctx.hdsId, JSON.stringify(policy)]);
      await this.audit.change(m, ctx, { action: 'marketplace.policy_changed', entityType: 'hds', entityId: ctx.hdsId, before, after: policy });
      return policy;
    });
  }
}
