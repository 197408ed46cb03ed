import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Rules } from '@anw/distribution';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import type { PageQuery } from '@anw/platform';
import { HdsEntity, type DayOpeningSettings, type QuotaPolicy } from '../entities/hds.entity.js';
import { OnboardingError, OnboardingErrorCode } from '../onboarding/onboarding.errors.js';
import { hdsCode, TenantsService } from '../onboarding/tenants.service.js';
import { HdsSettingsVersionEntity } from './hds-settings-version.entity.js';
import { HdsSettingsError, HdsSettingsErrorCode } from './hds-settings.errors.js';
import { DEFAULT_REST_RULES, engineRules, restRuleProblems, type EveningStart, type HdsSettings } from './hds-settings.js';

export const HDS_SETTINGS_CHANGED_EVENT = 'hds.settings.changed';

export interface HdsSettingsView extends HdsSettings {
  hdsId: string;
  /** The version a PUT must name; 0 until the first change. */
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface HdsSettingsVersionView {
  version: number;
  settings: HdsSettings;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** The periods that were draft when this version was made (it applies to them, not to published ones). */
  draftPeriodIds: string[];
}

/** What the engine reads for a period: the settings version in force for it, and its `rules` (instance format v1). */
export interface EffectiveHdsSettings {
  hdsId: string;
  version: number;
  quotaPolicy: QuotaPolicy;
  eveningStart: string;
  dayOpenings: DayOpeningSettings;
  rules: Rules;
}

export interface HdsSettingsChange extends HdsSettings {
  /** The version the change was made on (optimistic concurrency). */
  version: number;
  reason?: string | null;
}

// One shape, one key order: what versions store, what the trail shows and what is compared.
function settingsOf(hds: HdsEntity, rules: HdsSettings['rules']): HdsSettings {
  const o = hds.dayOpenings;
  const w = rules.maxNightsPerWindow;
  return {
    name: hds.name,
    code: hds.code,
    quotaPolicy: hds.quotaPolicy,
    eveningStart: hds.eveningStart as EveningStart,
    dayOpenings: { goodFriday: o.goodFriday, liberationDay: o.liberationDay, christmasEve: o.christmasEve, newYearsEve: o.newYearsEve },
    rules: {
      minRestHours: rules.minRestHours,
      minRestAfterNightHours: rules.minRestAfterNightHours,
      nightRunLength: rules.nightRunLength,
      restAfterNightRunHours: rules.restAfterNightRunHours,
      maxConsecutiveNights: rules.maxConsecutiveNights,
      maxNightsPerWindow: { nights: w.nights, days: w.days },
    },
  };
}

function versionView(v: HdsSettingsVersionEntity): HdsSettingsVersionView {
  return { version: v.version, settings: v.settings, reason: v.reason, createdBy: v.createdBy, createdAt: v.createdAt, draftPeriodIds: v.draftPeriodIds };
}

/**
 * An HDS's settings (hds-admin): name and code (by the tenants' rules), quota policy, evening
 * start, day openings and the engine's rest rules within the Arbeidstijdenwet's bounds. Every
 * change is a new version, audited in the HDS's chain; it applies to the periods that are draft
 * and to those created later, never to a published one, which keeps the last version made while
 * it was a draft (effectiveSettings).
 */
@Injectable()
export class HdsSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly tenants: TenantsService,
  ) {}

  current(hdsId: string, m: EntityManager = this.dataSource.manager): Promise<HdsSettingsView> {
    return currentSettings(m, hdsId);
  }

  /** Applies a whole new set of settings made on `version`; a stale version is a 409, a laxer-than-legal rule a 422 naming it. */
  async update(ctx: ChangeContext, change: HdsSettingsChange): Promise<HdsSettingsView> {
    const problems = restRuleProblems(change.rules);
    if (problems.length > 0) {
      throw new HdsSettingsError(HdsSettingsErrorCode.BelowLegalBound, `Deze rustregels zijn ruimer dan de wet toestaat: ${problems.map((p) => p.message).join(' ')}`, problems);
    }
    const code = hdsCode(change.code);
    return this.dataSource.transaction(async (m) => {
      const hds = await m.getRepository(HdsEntity).findOne({ where: { id: ctx.hdsId }, lock: { mode: 'pessimistic_write' } });
      if (!hds) throw hdsNotFound();
      const latest = await latestVersion(m, hds.id);
      const version = latest?.version ?? 0;
      if (change.version !== version) {
        throw new HdsSettingsError(HdsSettingsErrorCode.VersionStale, `De instellingen zijn intussen gewijzigd (nu versie ${version}, u wijzigde versie ${change.version}); laad ze opnieuw en breng uw wijziging daarin aan.`);
      }
      const before = settingsOf(hds, latest?.settings.rules ?? DEFAULT_REST_RULES);
      if (code !== hds.code) await this.tenants.refuseTakenCode(m, code, hds.id);
      Object.assign(hds, { code, name: change.name.trim(), quotaPolicy: change.quotaPolicy, eveningStart: change.eveningStart, dayOpenings: change.dayOpenings });
      const after = settingsOf(hds, change.rules);
      if (JSON.stringify(after) === JSON.stringify(before)) return view(hds, latest);

      const versions = m.getRepository(HdsSettingsVersionEntity);
      // The state before the first change, kept so the periods published under it keep it.
      if (!latest) await versions.insert({ hdsId: hds.id, version: 0, settings: before, reason: null, createdBy: null, draftPeriodIds: [], createdAt: hds.createdAt });
      // Shared locks: a publication in flight (it locks its period row) either commits first, so the
      // period is not draft here, or waits for this change and is published under it.
      const draftPeriodIds = ((await m.query(`SELECT id FROM roster_periods WHERE hds_id = $1 AND status = 'draft' ORDER BY id FOR SHARE`, [hds.id])) as { id: string }[]).map((r) => r.id);
      const reason = change.reason?.trim() || null;
      await versions.insert({ hdsId: hds.id, version: version + 1, settings: after, reason, createdBy: ctx.actorUserId, draftPeriodIds });
      await m.getRepository(HdsEntity).update({ id: hds.id }, { code: hds.code, name: hds.name, quotaPolicy: hds.quotaPolicy, eveningStart: hds.eveningStart, dayOpenings: hds.dayOpenings });
      await this.audit.change(
        m,
        ctx,
        { action: HDS_SETTINGS_CHANGED_EVENT, entityType: 'hds', entityId: hds.id, before: { version, ...before }, after: { version: version + 1, ...after, draftPeriodIds }, reason },
        { type: HDS_SETTINGS_CHANGED_EVENT, payload: { hdsId: hds.id, version: version + 1 } },
      );
      return view(hds, await latestVersion(m, hds.id));
    });
  }

  async versions(hdsId: string, query: PageQuery): Promise<{ items: HdsSettingsVersionView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(HdsSettingsVersionEntity).findAndCount({
      where: { hdsId },
      order: { version: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(versionView), total };
  }

  /**
   * The settings the engine applies: for a draft period (or none), the current ones; for a period
   * published, amended or closed, the last version made while it was a draft (or before it was
   * created), so a later change never reaches it silently.
   */
  async effectiveSettings(hdsId: string, options: { periodId?: string; manager?: EntityManager } = {}): Promise<EffectiveHdsSettings> {
    return effectiveHdsSettings(options.manager ?? this.dataSource.manager, hdsId, options.periodId);
  }



}

function hdsNotFound(): OnboardingError {
  return new OnboardingError(OnboardingErrorCode.HdsNotFound, 'Deze HDS bestaat niet.');
}

async function currentSettings(m: EntityManager, hdsId: string): Promise<HdsSettingsView> {
  const hds = await m.getRepository(HdsEntity).findOneBy({ id: hdsId });
  if (!hds) throw hdsNotFound();
  return view(hds, await latestVersion(m, hdsId));
}

/**
 * The settings a period is rostered with, on the caller's connection (e.g. a run's transaction): a
 * draft period (or none named) gets the current ones, a published period the version it was
 * drafted under.
 */
export async function effectiveHdsSettings(m: EntityManager, hdsId: string, periodId?: string): Promise<EffectiveHdsSettings> {
  let settings: HdsSettings;
  let version: number;
  const frozen = periodId ? await frozenVersion(m, hdsId, periodId) : null;
  if (frozen) {
    ({ settings, version } = frozen);
  } else {
    ({ version, ...settings } = await currentSettings(m, hdsId));
  }
  return { hdsId, version, quotaPolicy: settings.quotaPolicy, eveningStart: settings.eveningStart, dayOpenings: settings.dayOpenings, rules: engineRules(settings) };
}

async function frozenVersion(m: EntityManager, hdsId: string, periodId: string): Promise<HdsSettingsVersionEntity | null> {
  const [period] = (await m.query('SELECT status, created_at FROM roster_periods WHERE id = $1 AND hds_id = $2', [periodId, hdsId])) as { status: string; created_at: Date }[];
  if (!period) throw new HdsSettingsError(HdsSettingsErrorCode.PeriodNotFound, 'Deze periode bestaat niet in deze HDS.');
  if (period.status === 'draft') return null;
  return m
    .getRepository(HdsSettingsVersionEntity)
    .createQueryBuilder('v')
    .where('v.hds_id = :hdsId', { hdsId })
    .andWhere('(:periodId = ANY(v.draft_period_ids) OR v.created_at <= :createdAt)', { periodId, createdAt: period.created_at })
    .orderBy('v.version', 'DESC')
    .getOne();
}

function latestVersion(m: EntityManager, hdsId: string): Promise<HdsSettingsVersionEntity | null> {
  return m.getRepository(HdsSettingsVersionEntity).findOne({ where: { hdsId }, order: { version: 'DESC' } });
}

function view(hds: HdsEntity, latest: HdsSettingsVersionEntity | null): HdsSettingsView {
  return {
    hdsId: hds.id,
    version: latest?.version ?? 0,
    ...settingsOf(hds, latest?.settings.rules ?? DEFAULT_REST_RULES),
    updatedAt: latest && latest.version > 0 ? latest.createdAt : null,
    updatedBy: latest?.createdBy ?? null,
  };
}
