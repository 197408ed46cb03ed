import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import type { PageQuery } from '@anw/platform';
import { HdsEntity } from '../entities/hds.entity.js';
import { RegionEntity } from '../entities/region.entity.js';
import { OnboardingError, OnboardingErrorCode } from './onboarding.errors.js';

/** An HDS code: letters, digits and dashes, 2–40 long, stored upper-case. */
export const HDS_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** The code as stored (upper-case), or a 400 naming the rule. */
export function hdsCode(input: string): string {
  const code = input.trim().toUpperCase();
  if (!HDS_CODE.test(code)) {
    throw new OnboardingError(OnboardingErrorCode.HdsCodeInvalid, 'Een HDS-code heeft 2 tot 40 tekens: letters, cijfers en streepjes, beginnend met een letter of cijfer.');
  }
  return code;
}

export interface HdsView {
  id: string;
  regionId: string;
  code: string;
  name: string;
  createdAt: Date;
}

function hdsView(h: HdsEntity): HdsView {
  return { id: h.id, regionId: h.regionId, code: h.code, name: h.name, createdAt: h.createdAt };
}

/**
 * Regions and HDS'en, for platform operators (API and CLI alike). An HDS's creation and renames
 * go into that HDS's own hash-chained trail.
 */
@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  createRegion(name: string): Promise<RegionEntity> {
    return this.dataSource.getRepository(RegionEntity).save({ name: name.trim() });
  }

  async listRegions(query: PageQuery): Promise<{ items: RegionEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(RegionEntity).findAndCount({
      order: { name: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  async renameRegion(regionId: string, name: string): Promise<RegionEntity> {
    const repo = this.dataSource.getRepository(RegionEntity);
    const region = await repo.findOneBy({ id: regionId });
    if (!region) throw regionNotFound();
    region.name = name.trim();
    return repo.save(region);
  }

  async createHds(actorUserId: string | null, input: { regionId: string; code: string; name: string }, requestId: string | null = null): Promise<HdsView> {
    const code = hdsCode(input.code);
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.getRepository(RegionEntity).existsBy({ id: input.regionId }))) throw regionNotFound();
      await this.refuseTakenCode(manager, code, null);
      const hds = await manager.getRepository(HdsEntity).save({ regionId: input.regionId, code, name: input.name.trim() });
      await this.audit.change(
        manager,
        { hdsId: hds.id, actorUserId, requestId },
        { action: 'hds.created', entityType: 'hds', entityId: hds.id, after: { regionId: hds.regionId, code: hds.code, name: hds.name } },
        { type: 'hds.created', payload: { hdsId: hds.id } },
      );
      return hdsView(hds);
    });
  }

  async listHds(query: PageQuery, regionId?: string): Promise<{ items: HdsView[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(HdsEntity).findAndCount({
      where: regionId ? { regionId } : {},
      order: { code: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: items.map(hdsView), total };
  }

  async getHds(idOrCode: string): Promise<HdsView> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
    const hds = await this.dataSource
      .getRepository(HdsEntity)
      .createQueryBuilder('h')
      .where(uuid ? 'h.id = :v' : 'lower(h.code) = lower(:v)', { v: idOrCode })
      .getOne();
    if (!hds) throw hdsNotFound();
    return hdsView(hds);
  }

  /** Renames an HDS (name and/or code); audited in its own chain with before and after. */
  async renameHds(actorUserId: string | null, hdsId: string, input: { code?: string; name?: string }, requestId: string | null = null): Promise<HdsView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(HdsEntity);
      const hds = await repo.findOne({ where: { id: hdsId }, lock: { mode: 'pessimistic_write' } });
      if (!hds) throw hdsNotFound();
      const before = { code: hds.code, name: hds.name };
      if (input.code !== undefined) {
        const code = hdsCode(input.code);
        if (code !== hds.code) await this.refuseTakenCode(manager, code, hds.id);
        hds.code = code;
      }
      if (input.name !== undefined) hds.name = input.name.trim();
      if (hds.code === before.code && hds.name === before.name) return hdsView(hds);
      await repo.update({ id: hds.id }, { code: hds.code, name: hds.name });
      await this.audit.change(
        manager,
        { hdsId: hds.id, actorUserId, requestId },
        { action: 'hds.renamed', entityType: 'hds', entityId: hds.id, before, after: { code: hds.code, name: hds.name } },
        { type: 'hds.renamed', payload: { hdsId: hds.id } },
      );
      return hdsView(hds);
    });
  }

  /** A 409 when another HDS has this code (case-insensitive); also for the hds-admin's settings. */
  async refuseTakenCode(manager: EntityManager, code: string, exceptId: string | null): Promise<void> {
    const [row] = (await manager.query('SELECT id FROM hds WHERE lower(code) = lower($1) AND id IS DISTINCT FROM $2', [code, exceptId])) as { id: string }[];
    if (row) throw new OnboardingError(OnboardingErrorCode.HdsCodeTaken, `De HDS-code ${code} is al in gebruik; kies een andere code.`);
  }
}

function regionNotFound(): OnboardingError {
  return new OnboardingError(OnboardingErrorCode.RegionNotFound, 'Deze regio bestaat niet.');
}

function hdsNotFound(): OnboardingError {
  return new OnboardingError(OnboardingErrorCode.HdsNotFound, 'Deze HDS bestaat niet.');
}
