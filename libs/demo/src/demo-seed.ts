import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthService, HdsEntity, MembershipEntity, RegionEntity, Role, UserEntity } from '@anw/identity';
import {
  categoryColumns,
  generateShifts,
  GpEntity,
  GpKind,
  PostEntity,
  Qualification,
  RosterPeriodEntity,
  ShiftEntity,
  ShiftTemplateEntity,
  type TemplateDays,
} from '@anw/rosters';

export const DEMO_PASSWORD = 'demo-wachtwoord';
export const DEMO_HDS_CODE = 'HDS-WATERLAND';
/** A platform operator (no tenant role): opens the queue dashboard at /ops/queues. */
export const DEMO_OPERATOR_EMAIL = 'beheer@anw-rooster.demo';

export interface DemoLogin {
  role: Role | 'operator';
  email: string;
  password: string;
}

export interface DemoSummary {
  created: boolean;
  hdsId: string;
  periodId: string | null;
  logins: DemoLogin[];
  counts?: { posts: number; gps: number; templates: number; shifts: number };
}

const WEEKDAYS: TemplateDays = { weekdays: true, saturday: false, sunday: false, holidays: false };
const WEEKEND_HOLIDAYS: TemplateDays = { weekdays: false, saturday: true, sunday: true, holidays: true };
const EVERY_DAY: TemplateDays = { weekdays: true, saturday: true, sunday: true, holidays: true };

/** The shift shapes of the domain notes, per post. */
const TEMPLATES: { code: string; name: string; role: Qualification; startTime: string; endTime: string; days: TemplateDays; required: number }[] = [
  { code: 'AC', name: 'Avondconsult', role: Qualification.Consult, startTime: '17:00', endTime: '23:00', days: WEEKDAYS, required: 2 },
  { code: 'AV', name: 'Avondvisite (rijdienst)', role: Qualification.Visite, startTime: '16:00', endTime: '24:00', days: EVERY_DAY, required: 1 },
  { code: 'N', name: 'Nacht', role: Qualification.Consult, startTime: '23:00', endTime: '08:00', days: EVERY_DAY, required: 1 },
  { code: 'DC', name: 'Dagconsult weekend/feestdag', role: Qualification.Consult, startTime: '08:00', endTime: '17:00', days: WEEKEND_HOLIDAYS, required: 3 },
  { code: 'WA', name: 'Weekendavond consult', role: Qualification.Consult, startTime: '17:00', endTime: '23:00', days: WEEKEND_HOLIDAYS, required: 2 },
];
const REGIE = [
  { code: 'RAA', name: 'Regiearts avond', role: Qualification.Regiearts, startTime: '17:00', endTime: '24:00', days: EVERY_DAY, required: 1 },
  { code: 'RAD', name: 'Regiearts dag', role: Qualification.Regiearts, startTime: '08:00', endTime: '17:00', days: WEEKEND_HOLIDAYS, required: 1 },
  { code: 'AW', name: 'Achterwacht nacht', role: Qualification.Achterwacht, startTime: '00:00', endTime: '08:00', days: EVERY_DAY, required: 1 },
];

const FIRST = ['Anna', 'Bram', 'Carla', 'Daan', 'Eva', 'Floor', 'Gijs', 'Hanna', 'Ilse', 'Joris', 'Karin', 'Lars', 'Maaike', 'Niels', 'Olga', 'Pieter', 'Roos', 'Sander', 'Tess', 'Wouter'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer'];

/** The next quarter after `today` (its first and last day). */
export function nextQuarter(today: DateTime): { startDate: string; endDate: string; name: string } {
  const start = today.startOf('quarter').plus({ months: 3 });
  const end = start.endOf('quarter');
  return { startDate: start.toISODate() as string, endDate: end.toISODate() as string, name: `${start.year} Q${start.quarter}` };
}

/**
 * Loads a realistic demo HDS: 3 posts, ~150 GPs of all three kinds with quota inputs, the shift
 * shapes of the domain notes, and the next quarter generated (a draft to distribute), plus a user
 * per role and a platform operator. Does nothing when the demo HDS already exists (but adds the
 * operator to a demo loaded before operators existed).
 */
export async function seedDemo(dataSource: DataSource, today: DateTime = DateTime.now().setZone('Europe/Amsterdam')): Promise<DemoSummary> {
  const logins: DemoLogin[] = [
    { role: Role.HdsAdmin, email: 'beheer@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Planner, email: 'planner@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Gp, email: 'huisarts@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.RegionalAuditor, email: 'auditor@regio-noord-holland.demo', password: DEMO_PASSWORD },
    { role: 'operator', email: DEMO_OPERATOR_EMAIL, password: DEMO_PASSWORD },
  ];
  const existing = await dataSource.getRepository(HdsEntity).findOneBy({ code: DEMO_HDS_CODE });
  if (existing) {
    const period = await dataSource.getRepository(RosterPeriodEntity).findOne({ where: { hdsId: existing.id }, order: { startDate: 'DESC' } });
    await dataSource.transaction((m) => ensureOperator(m));
    return { created: false, hdsId: existing.id, periodId: period?.id ?? null, logins };
  }
  return dataSource.transaction(async (m) => {
    const region = await m.save(RegionEntity, { name: 'Noord-Holland Noord' });
    const hds = await m.save(HdsEntity, { regionId: region.id, code: DEMO_HDS_CODE, name: 'Huisartsendienstenstructuur Waterland-Zaanstreek', eveningStart: '17:00' });
    const posts = await m.save(PostEntity, [
      { hdsId: hds.id, code: 'HAP-ZAANDAM', name: 'Huisartsenpost Zaandam', address: 'Koningin Julianaplein 58, 1502 DV Zaandam' },
      { hdsId: hds.id, code: 'HAP-PURMEREND', name: 'Huisartsenpost Purmerend', address: 'Waterlandlaan 250, 1441 RN Purmerend' },
      { hdsId: hds.id, code: 'HAP-VOLENDAM', name: 'Huisartsenpost Volendam', address: 'Julianaweg 169, 1131 DK Volendam' },
    ]);
    const templates: ShiftTemplateEntity[] = [];
    for (const [i, post] of posts.entries()) {
      const shapes = i === 0 ? [...TEMPLATES, ...REGIE] : TEMPLATES;
      templates.push(...(await m.save(ShiftTemplateEntity, shapes.map((t) => ({ ...t, hdsId: hds.id, postId: post.id, active: true })))));
    }
    const gps = await seedGps(m, hds.id);
    const quarter = nextQuarter(today);
    const period = await m.save(RosterPeriodEntity, { hdsId: hds.id, name: quarter.name, startDate: quarter.startDate, endDate: quarter.endDate });
    const generated = generateShifts(templates, quarter, { openings: hds.dayOpenings });
    const rows = generated.map((g) => ({
      hdsId: hds.id, periodId: period.id, postId: g.postId, templateId: g.templateId, code: g.code, role: g.role as Qualification,
      localDate: g.localDate, startAt: new Date(g.startMs), endAt: new Date(g.endMs), required: g.required,
      ...categoryColumns(g.startMs, g.endMs, hds.eveningStart),
    }));
    for (let i = 0; i < rows.length; i += 1000) await m.insert(ShiftEntity, rows.slice(i, i + 1000));

    const passwordHash = await AuthService.hashPassword(DEMO_PASSWORD);
    await ensureOperator(m, passwordHash);
    for (const login of logins) {
      if (login.role === 'operator') continue;
      const user = await m.save(UserEntity, { email: login.email, passwordHash, displayName: `Demo ${login.role}` });
      await m.save(MembershipEntity, {
        userId: user.id,
        role: login.role,
        hdsId: login.role === Role.RegionalAuditor ? null : hds.id,
        regionId: login.role === Role.RegionalAuditor ? region.id : null,
        gpId: login.role === Role.Gp ? gps[0].id : null,
      });
    }
    return { created: true, hdsId: hds.id, periodId: period.id, logins, counts: { posts: posts.length, gps: gps.length, templates: templates.length, shifts: rows.length } };
  });
}

async function ensureOperator(m: EntityManager, passwordHash?: string): Promise<void> {
  if (await m.existsBy(UserEntity, { email: DEMO_OPERATOR_EMAIL })) return;
  const hash = passwordHash ?? (await AuthService.hashPassword(DEMO_PASSWORD));
  await m.save(UserEntity, { email: DEMO_OPERATOR_EMAIL, passwordHash: hash, displayName: 'Demo platformbeheerder', operator: true });
}

async function seedGps(m: EntityManager, hdsId: string): Promise<GpEntity[]> {
  const all: Partial<GpEntity>[] = [];
  const name = (i: number): string => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
  const email = (i: number): string => `huisarts${String(i).padStart(3, '0')}@hds-waterland.demo`;
  let n = 0;
  // 80 practice holders, 40 employed GPs (HIDHA), 30 locums.
  const holders: GpEntity[] = [];
  for (let i = 0; i < 80; i++, n++) {
    const qualifications = [Qualification.Consult, Qualification.Visite, ...(i % 5 === 0 ? [Qualification.Regiearts] : []), ...(i % 4 === 0 ? [Qualification.Achterwacht] : [])];
    holders.push(await m.save(GpEntity, { hdsId, kind: GpKind.PracticeHolder, name: `Dr. ${name(n)}`, email: email(n), qualifications, practicePatients: 1800 + ((i * 137) % 1400), fte: 1 }));
  }
  for (let i = 0; i < 40; i++, n++) {
    all.push({ hdsId, kind: GpKind.Employed, name: `Dr. ${name(n)}`, email: email(n), qualifications: [Qualification.Consult, Qualification.Visite], employerGpId: holders[i * 2].id, carveOutPercent: 30 + (i % 3) * 10, fte: 0.6 });
  }
  for (let i = 0; i < 30; i++, n++) {
    all.push({ hdsId, kind: GpKind.Locum, name: `Dr. ${name(n)}`, email: email(n), qualifications: [Qualification.Consult, Qualification.Visite, ...(i % 6 === 0 ? [Qualification.Regiearts] : [])], fte: i % 2 === 0 ? 1 : 0.5 });
  }
  const rest = await m.save(GpEntity, all);
  return [...holders, ...rest];
}
