import { type INestApplicationContext, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeContext } from '@anw/audit';
import { DatabaseModule } from '@anw/database';
import { AuthService, HdsEntity, InvitationsService, MembershipEntity, OnboardingModule, Role, TenantsService, UserEntity } from '@anw/identity';
import { PlatformModule } from '@anw/platform';
import {
  GpEntity,
  GpsService,
  PeriodsService,
  PostsService,
  Qualification,
  RosterPeriodEntity,
  RostersModule,
  ShiftEntity,
  type TemplateDays,
  type TemplateInputData,
} from '@anw/rosters';
import { TariffRevisionsService, TariffsServiceModule, TariffTablesService } from '@anw/tariffs-service';

export const DEMO_PASSWORD = 'demo-wachtwoord';
export const DEMO_HDS_CODE = 'HDS-WATERLAND';
/** A platform operator (no tenant role): opens the queue dashboard at /ops/queues. */
export const DEMO_OPERATOR_EMAIL = 'beheer@anw-rooster.demo';
/** Every tariff table the demo adds carries this in its id and source: never taken for an NZa table. */
export const DEMO_TARIFF_PREFIX = 'demo-';

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

/** What the seed needs: the services every user's change goes through, nothing of the HTTP side. */
@Module({ imports: [PlatformModule, DatabaseModule, OnboardingModule, RostersModule, TariffsServiceModule] })
export class DemoSeedModule {}

const WEEKDAYS: TemplateDays = { weekdays: true, saturday: false, sunday: false, holidays: false };
const WEEKEND_HOLIDAYS: TemplateDays = { weekdays: false, saturday: true, sunday: true, holidays: true };
const EVERY_DAY: TemplateDays = { weekdays: true, saturday: true, sunday: true, holidays: true };

/** The shift shapes of the domain notes, per post. */
const TEMPLATES: TemplateInputData[] = [
  { code: 'AC', name: 'Avondconsult', role: Qualification.Consult, startTime: '17:00', endTime: '23:00', days: WEEKDAYS, required: 2 },
  { code: 'AV', name: 'Avondvisite (rijdienst)', role: Qualification.Visite, startTime: '16:00', endTime: '24:00', days: EVERY_DAY, required: 1 },
  { code: 'N', name: 'Nacht', role: Qualification.Consult, startTime: '23:00', endTime: '08:00', days: EVERY_DAY, required: 1 },
  { code: 'DC', name: 'Dagconsult weekend/feestdag', role: Qualification.Consult, startTime: '08:00', endTime: '17:00', days: WEEKEND_HOLIDAYS, required: 3 },
  { code: 'WA', name: 'Weekendavond consult', role: Qualification.Consult, startTime: '17:00', endTime: '23:00', days: WEEKEND_HOLIDAYS, required: 2 },
];
const REGIE: TemplateInputData[] = [
  { code: 'RAA', name: 'Regiearts avond', role: Qualification.Regiearts, startTime: '17:00', endTime: '24:00', days: EVERY_DAY, required: 1 },
  { code: 'RAD', name: 'Regiearts dag', role: Qualification.Regiearts, startTime: '08:00', endTime: '17:00', days: WEEKEND_HOLIDAYS, required: 1 },
  { code: 'AW', name: 'Achterwacht nacht', role: Qualification.Achterwacht, startTime: '00:00', endTime: '08:00', days: EVERY_DAY, required: 1 },
];
const POSTS = [
  { code: 'HAP-ZAANDAM', name: 'Huisartsenpost Zaandam', address: 'Koningin Julianaplein 58, 1502 DV Zaandam', templates: [...TEMPLATES, ...REGIE] },
  { code: 'HAP-PURMEREND', name: 'Huisartsenpost Purmerend', address: 'Waterlandlaan 250, 1441 RN Purmerend', templates: TEMPLATES },
  { code: 'HAP-VOLENDAM', name: 'Huisartsenpost Volendam', address: 'Julianaweg 169, 1131 DK Volendam', templates: TEMPLATES },
];

const FIRST = ['Anna', 'Bram', 'Carla', 'Daan', 'Eva', 'Floor', 'Gijs', 'Hanna', 'Ilse', 'Joris', 'Karin', 'Lars', 'Maaike', 'Niels', 'Olga', 'Pieter', 'Roos', 'Sander', 'Tess', 'Wouter'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer'];

/** The next quarter after `today` (its first and last day). */
export function nextQuarter(today: DateTime): { startDate: string; endDate: string; name: string } {
  const start = today.startOf('quarter').plus({ months: 3 });
  const end = start.endOf('quarter');
  return { startDate: start.toISODate() as string, endDate: end.toISODate() as string, name: `${start.year} Q${start.quarter}` };
}

/** The demo GPs as the planner's GP import reads them: 80 practice holders, 40 HIDHA, 30 locums. */
export function demoGpCsv(): string {
  const name = (i: number): string => `Dr. ${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
  const email = (i: number): string => `huisarts${String(i).padStart(3, '0')}@hds-waterland.demo`;
  const rows: (string | number)[][] = [];
  let n = 0;
  for (let i = 0; i < 80; i++, n++) {
    const q = ['consult', 'visite', ...(i % 5 === 0 ? ['regiearts'] : []), ...(i % 4 === 0 ? ['achterwacht'] : [])];
    rows.push([name(n), email(n), 'practiceHolder', q.join(';'), '', 1800 + ((i * 137) % 1400), 1, '']);
  }
  for (let i = 0; i < 40; i++, n++) rows.push([name(n), email(n), 'employed', 'consult;visite', email(i * 2), '', 0.6, 30 + (i % 3) * 10]);
  for (let i = 0; i < 30; i++, n++) rows.push([name(n), email(n), 'locum', ['consult', 'visite', ...(i % 6 === 0 ? ['regiearts'] : [])].join(';'), '', '', i % 2 === 0 ? 1 : 0.5, '']);
  return stringify(rows, { header: true, columns: ['name', 'email', 'kind', 'qualifications', 'employer_email', 'practice_patients', 'fte', 'carve_out_percent'] });
}

/**
 * Loads a realistic demo HDS: 3 posts, 150 GPs of all three kinds with quota inputs, the shift
 * shapes of the domain notes, the next quarter generated (a draft to distribute), a user per role
 * and a platform operator, and, where no NZa table covers that quarter, a tariff revision labelled
 * as demo figures. Posts, templates, GPs, the period and the revision go through the same services
 * as a planner's changes, so the audit trail holds them (the region and HDS through the operators'
 * tenants service); the planner invites every GP without a login. Only the demo logins are
 * written directly, with their known password. Each step is skipped when already done, so a seed that was
 * interrupted completes on the next run.
 */
export async function seedDemo(app: INestApplicationContext, today: DateTime = DateTime.now().setZone('Europe/Amsterdam')): Promise<DemoSummary> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const logins: DemoLogin[] = [
    { role: Role.HdsAdmin, email: 'beheer@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Planner, email: 'planner@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.Gp, email: 'huisarts@hds-waterland.demo', password: DEMO_PASSWORD },
    { role: Role.RegionalAuditor, email: 'auditor@regio-noord-holland.demo', password: DEMO_PASSWORD },
    { role: 'operator', email: DEMO_OPERATOR_EMAIL, password: DEMO_PASSWORD },
  ];
  const { hds, created } = await ensureHds(app);
  const users = await dataSource.transaction((m) => seedLogins(m, hds, logins));
  const planner: ChangeContext = { hdsId: hds.id, actorUserId: users.get(Role.Planner) ?? null, requestId: 'demo-seed' };
  const admin: ChangeContext = { hdsId: hds.id, actorUserId: users.get(Role.HdsAdmin) ?? null, requestId: 'demo-seed' };

  const postsService = app.get(PostsService);
  const existingPosts = await postsService.listPosts(hds.id);
  let templates = 0;
  for (const shape of POSTS) {
    const post = existingPosts.find((p) => p.code === shape.code) ?? (await postsService.createPost(planner, { code: shape.code, name: shape.name, address: shape.address }));
    const have = new Set((await postsService.listTemplates(hds.id, post.id)).map((t) => t.code));
    for (const template of shape.templates) if (!have.has(template.code)) await postsService.createTemplate(planner, post.id, template);
    templates += shape.templates.length;
  }

  const gps = app.get(GpsService);
  if (!(await dataSource.getRepository(GpEntity).existsBy({ hdsId: hds.id }))) await gps.importGps(planner, demoGpCsv());
  const firstGp = await dataSource.getRepository(GpEntity).findOneOrFail({ where: { hdsId: hds.id, email: 'huisarts000@hds-waterland.demo' } });
  await dataSource.getRepository(MembershipEntity).update({ userId: users.get(Role.Gp), hdsId: hds.id, role: Role.Gp }, { gpId: firstGp.id });
  // The planner invites every GP without a login: their invitation mails are in the demo's mail catcher.
  await app.get(InvitationsService).inviteAllGps(planner, [Role.Planner]);

  const quarter = nextQuarter(today);
  const periods = app.get(PeriodsService);
  const period =
    (await dataSource.getRepository(RosterPeriodEntity).findOneBy({ hdsId: hds.id, name: quarter.name })) ??
    (await periods.createPeriod(planner, { name: quarter.name, startDate: quarter.startDate, endDate: quarter.endDate }));
  if (!(await dataSource.getRepository(ShiftEntity).existsBy({ periodId: period.id }))) await periods.generate(planner, period.id, false);
  await ensureTariff(app, admin, quarter);

  const shifts = await dataSource.getRepository(ShiftEntity).countBy({ periodId: period.id });
  const gpCount = await dataSource.getRepository(GpEntity).countBy({ hdsId: hds.id });
  return { created, hdsId: hds.id, periodId: period.id, logins, counts: { posts: POSTS.length, gps: gpCount, templates, shifts } };
}

/** The demo region and HDS, created through the operators' tenants service (audited in the HDS's chain). */
async function ensureHds(app: INestApplicationContext): Promise<{ hds: HdsEntity; created: boolean }> {
  const repository = app.get<DataSource>(getDataSourceToken()).getRepository(HdsEntity);
  const existing = await repository.findOneBy({ code: DEMO_HDS_CODE });
  if (existing) return { hds: existing, created: false };
  const tenants = app.get(TenantsService);
  const region = await tenants.createRegion('Noord-Holland Noord');
  const view = await tenants.createHds(null, { regionId: region.id, code: DEMO_HDS_CODE, name: 'Huisartsendienstenstructuur Waterland-Zaanstreek' }, 'demo-seed');
  return { hds: await repository.findOneByOrFail({ id: view.id }), created: true };
}

/**
 * The demo logins with their known password, and the platform operator. Written directly: a real
 * HDS lets its people in by invitation, which the demo shows for its GPs.
 */
async function seedLogins(m: EntityManager, hds: HdsEntity, logins: DemoLogin[]): Promise<Map<DemoLogin['role'], string>> {
  const passwordHash = await AuthService.hashPassword(DEMO_PASSWORD);
  const users = new Map<DemoLogin['role'], string>();
  for (const login of logins) {
    const existing = await m.findOneBy(UserEntity, { email: login.email });
    const user =
      existing ??
      (await m.save(UserEntity, {
        email: login.email,
        passwordHash,
        displayName: login.role === 'operator' ? 'Demo platformbeheerder' : `Demo ${login.role}`,
        operator: login.role === 'operator',
      }));
    users.set(login.role, user.id);
    if (login.role === 'operator' || existing) continue;
    const regional = login.role === Role.RegionalAuditor;
    await m.save(MembershipEntity, { userId: user.id, role: login.role, hdsId: regional ? null : hds.id, regionId: regional ? hds.regionId : null, gpId: null });
  }
  return users;
}

/**
 * The demo quarter's statements need a tariff in force. Where no NZa table covers it (their
 * figures for a coming year are not published yet), the HDS admin adds one through a tariff
 * revision, labelled in its id and source as demo figures: the latest NZa maxima carried forward.
 */
async function ensureTariff(app: INestApplicationContext, admin: ChangeContext, quarter: { startDate: string; endDate: string }): Promise<void> {
  const tables = app.get(TariffTablesService);
  const { inForce } = await tables.forHds(admin.hdsId);
  const covers = inForce.some((t) => t.effectiveFrom <= quarter.startDate && (t.effectiveTo === undefined || t.effectiveTo >= quarter.endDate));
  if (covers) return;
  const latest = [...tables.nzaTables()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1);
  if (!latest) return;
  const year = quarter.startDate.slice(0, 4);
  await app.get(TariffRevisionsService).revise(admin, {
    table: {
      id: `${DEMO_TARIFF_PREFIX}${year}`,
      version: 1,
      source: `DEMO-CIJFERS, geen NZa-tarief: de NZa-maxima van ${latest.effectiveFrom.slice(0, 4)} (${latest.id}) doorgetrokken naar ${year} voor de demo`,
      effectiveFrom: `${year}-01-01`,
      effectiveTo: `${year}-12-31`,
      centsPerHour: { ...latest.centsPerHour },
    },
    reason: `Demo: tarieven voor ${year} zodat de afrekeningen van het demokwartaal werken (geen officiële cijfers)`,
  });
}
