import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { batcher } from '../delivery/batching.js';
import { DEFAULT_REMINDER_LEAD_MINUTES } from '../notification-options.js';
import { ALL_KINDS } from './event-rules.js';
import type { MessageLocale, ShiftInfo } from './templates.js';

export interface Recipient {
  /** `gp:<id>` or `user:<id>`: the ledger's recipient column. */
  key: string;
  gpId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  locale: MessageLocale;
  wantsEmail: boolean;
  wantsSms: boolean;
  kinds: ReadonlySet<string>;
  reminderLeadMinutes: number | null;
}

export interface ShiftRow extends ShiftInfo {
  hdsId: string;
  periodId: string;
  removed: boolean;
  periodPublishedAt: Date | null;
  periodStatus: string;
}

interface GpRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  p_email: boolean | null;
  p_sms: boolean | null;
  p_kinds: string[] | null;
  p_lead: number | null;
  has_prefs: boolean;
}

const GP_SELECT = `
  SELECT g.id, g.hds_id, g.name, g.email, g.phone, u.locale,
         np.email AS p_email, np.sms AS p_sms, np.kinds AS p_kinds, np.reminder_lead_minutes AS p_lead, (np.id IS NOT NULL) AS has_prefs
    FROM gps g
    LEFT JOIN LATERAL (SELECT m.user_id FROM memberships m WHERE m.gp_id = g.id AND m.hds_id = g.hds_id AND m.role = 'gp' ORDER BY m.created_at LIMIT 1) m ON true
    LEFT JOIN users u ON u.id = m.user_id
    LEFT JOIN notification_preferences np ON np.hds_id = g.hds_id AND np.gp_id = g.id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function locale(value: string | null): MessageLocale {
  return value === 'en' ? 'en' : 'nl';
}

function fromGpRow(r: GpRow): Recipient {
  return {
    key: `gp:${r.id}`,
    gpId: r.id,
    name: r.name,
    email: r.email || null,
    phone: r.phone || null,
    locale: locale(r.locale),
    wantsEmail: r.has_prefs ? r.p_email === true : true,
    wantsSms: r.has_prefs ? r.p_sms === true : false,
    kinds: new Set(r.has_prefs ? (r.p_kinds ?? []) : ALL_KINDS),
    reminderLeadMinutes: r.has_prefs ? r.p_lead : DEFAULT_REMINDER_LEAD_MINUTES,
  };
}

/** Who a message goes to: GPs (their e-mail, phone, user's locale and preferences) and planners. */
@Injectable()
export class RecipientDirectory {
  private readonly hdsNames = new Map<string, { name: string; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The GPs of one HDS by id (ordered by name), batched with the lookups running beside it. */
  async gps(hdsId: string, gpIds: string[]): Promise<Recipient[]> {
    if (gpIds.length === 0) return [];
    const found = await this.gpLoader.loadMany([...new Set(gpIds)].map((gpId) => ({ hdsId, gpId })));
    return found
      .filter((r): r is Recipient => r !== undefined && !(r instanceof Error))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : 1));
  }

  /** Every GP affiliated during (part of) the period. */
  async gpsOfPeriod(hdsId: string, startDate: string, endDate: string): Promise<Recipient[]> {
    const rows = (await this.dataSource.query(
      `${GP_SELECT} WHERE g.hds_id = $1 AND (g.left_on IS NULL OR g.left_on >= $2) AND (g.joined_on IS NULL OR g.joined_on <= $3) ORDER BY g.name, g.id`,
      [hdsId, startDate, endDate],
    )) as GpRow[];
    return rows.map(fromGpRow);
  }

  async qualifiedGps(hdsId: string, role: string, exceptGpId: string | null): Promise<Recipient[]> {
    const rows = (await this.dataSource.query(
      `${GP_SELECT} WHERE g.hds_id = $1 AND $2 = ANY(g.qualifications) AND g.id IS DISTINCT FROM $3 AND g.left_on IS NULL ORDER BY g.name, g.id`,
      [hdsId, role, exceptGpId],
    )) as GpRow[];
    return rows.map(fromGpRow);
  }

  async planners(hdsId: string): Promise<Recipient[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT u.id, u.display_name, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.hds_id = $1 AND m.role = 'planner' AND u.active ORDER BY u.id`,
      [hdsId],
    )) as { id: string; display_name: string; email: string; locale: string }[];
    return rows.map((r) => ({
      key: `user:${r.id}`,
      gpId: null,
      name: r.display_name,
      email: r.email,
      phone: null,
      locale: locale(r.locale),
      wantsEmail: true,
      wantsSms: false,
      kinds: new Set(ALL_KINDS),
      reminderLeadMinutes: null,
    }));
  }

  async gpName(hdsId: string, gpId: unknown): Promise<string | undefined> {
    if (typeof gpId !== 'string' || !UUID.test(gpId)) return undefined;
    return (await this.gpLoader.load({ hdsId, gpId }))?.name;
  }

  async hdsName(hdsId: string): Promise<string> {
    const hit = this.hdsNames.get(hdsId);
    if (hit && hit.until > Date.now()) return hit.name;
    const [row] = (await this.dataSource.query('SELECT name FROM hds WHERE id = $1', [hdsId])) as { name: string }[];
    if (this.hdsNames.size > 1_000) this.hdsNames.clear();
    this.hdsNames.set(hdsId, { name: row?.name ?? 'ANW', until: Date.now() + 60_000 });
    return row?.name ?? 'ANW';
  }

  /** A dienst of one HDS (undefined when unknown or another HDS's), batched like gps(). */
  async shift(hdsId: string, shiftId: unknown): Promise<ShiftRow | undefined> {
    if (typeof shiftId !== 'string' || !UUID.test(shiftId)) return undefined;
    return this.shiftLoader.load({ hdsId, shiftId });
  }

  private readonly gpLoader = batcher<{ hdsId: string; gpId: string }, Recipient | undefined>(async (keys) => {
    const rows = (await this.dataSource.query(`${GP_SELECT} WHERE g.id = ANY($1::uuid[])`, [[...new Set(keys.map((k) => k.gpId))]])) as (GpRow & { hds_id: string })[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Tenancy: a GP of another HDS is as unknown as a GP that does not exist.
    return keys.map((k) => {
      const row = byId.get(k.gpId);
      return row && row.hds_id === k.hdsId ? fromGpRow(row) : undefined;
    });
  });

  private readonly shiftLoader = batcher<{ hdsId: string; shiftId: string }, ShiftRow | undefined>(async (keys) => {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.hds_id, s.period_id, s.start_at, s.end_at, s.code, s.role, s.removed_at, p.name AS post, rp.published_at, rp.status
         FROM shifts s JOIN posts p ON p.id = s.post_id JOIN roster_periods rp ON rp.id = s.period_id
        WHERE s.id = ANY($1::uuid[])`,
      [[...new Set(keys.map((k) => k.shiftId))]],
    )) as { id: string; hds_id: string; period_id: string; start_at: Date; end_at: Date; code: string; role: string; removed_at: Date | null; post: string; published_at: Date | null; status: string }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return keys.map((k): ShiftRow | undefined => {
      const r = byId.get(k.shiftId);
      if (!r || r.hds_id !== k.hdsId) return undefined;
      return {
        id: r.id,
        hdsId: r.hds_id,
        periodId: r.period_id,
        startAt: r.start_at,
        endAt: r.end_at,
        code: r.code,
        role: r.role,
        post: r.post,
        removed: r.removed_at !== null,
        periodPublishedAt: r.published_at,
        periodStatus: r.status,
      };
    });
  });
}
