import type { FieldProblem } from '@anw/platform';
import { GpKind, Qualification } from '../entities/gp.entity.js';

/** The editable fields of a GP record. */
export interface GpFields {
  kind: GpKind;
  name: string;
  email: string;
  phone: string | null;
  qualifications: Qualification[];
  employerGpId: string | null;
  practicePatients: number | null;
  fte: number | null;
  fixedMinimumHours: number | null;
  carveOutPercent: number | null;
  joinedOn: string | null;
  leftOn: string | null;
}

export type GpInput = Pick<GpFields, 'kind' | 'name' | 'email'> & Partial<Omit<GpFields, 'kind' | 'name' | 'email'>>;

export const GP_LIMITS = {
  name: 200,
  phone: 40,
  practicePatients: 100_000,
  fte: 2,
  fixedMinimumHours: 2_000,
} as const;

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function withDefaults(input: GpInput): GpFields {
  return {
    kind: input.kind,
    name: input.name.trim(),
    email: normaliseEmail(input.email),
    phone: input.phone?.trim() || null,
    qualifications: [...new Set(input.qualifications ?? [])],
    employerGpId: input.employerGpId ?? null,
    practicePatients: input.practicePatients ?? null,
    fte: input.fte ?? null,
    fixedMinimumHours: input.fixedMinimumHours ?? null,
    carveOutPercent: input.carveOutPercent ?? null,
    joinedOn: input.joinedOn ?? null,
    leftOn: input.leftOn ?? null,
  };
}

/**
 * Everything about one GP record that can be checked without the database: ranges, dates and
 * the fields that belong to one kind only. Whether the employer exists and is a practice holder
 * of the same HDS is the caller's check. `hasEmployer` stands in for employerGpId, so a CSV row
 * that names its employer by e-mail is checked the same way.
 */
export function gpProblems(gp: Omit<GpFields, 'employerGpId'> & { hasEmployer: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string): void => void problems.push({ field, message });

  if (!Object.values(GpKind).includes(gp.kind)) add('kind', `onbekende soort "${gp.kind}": kies ${Object.values(GpKind).join(', ')}`);
  if (gp.name.length === 0) add('name', 'naam is verplicht');
  else if (gp.name.length > GP_LIMITS.name) add('name', `naam is langer dan ${GP_LIMITS.name} tekens`);
  if (!isEmail(gp.email)) add('email', `"${gp.email}" is geen geldig e-mailadres`);
  if (gp.phone !== null && gp.phone.length > GP_LIMITS.phone) add('phone', `telefoonnummer is langer dan ${GP_LIMITS.phone} tekens`);
  const unknown = gp.qualifications.filter((q) => !Object.values(Qualification).includes(q));
  if (unknown.length > 0) add('qualifications', `onbekende kwalificatie ${unknown.map((q) => `"${q}"`).join(', ')}: kies uit ${Object.values(Qualification).join(', ')}`);

  if (gp.practicePatients !== null && !(Number.isInteger(gp.practicePatients) && gp.practicePatients >= 0 && gp.practicePatients <= GP_LIMITS.practicePatients)) {
    add('practicePatients', `aantal patiënten moet een geheel getal van 0 tot ${GP_LIMITS.practicePatients} zijn`);
  }
  if (gp.fte !== null && !(Number.isFinite(gp.fte) && gp.fte >= 0 && gp.fte <= GP_LIMITS.fte && Math.abs(gp.fte * 100 - Math.round(gp.fte * 100)) < 1e-9)) {
    add('fte', `fte moet tussen 0 en ${GP_LIMITS.fte} liggen, met hoogstens twee decimalen`);
  }
  if (gp.fixedMinimumHours !== null && !(Number.isInteger(gp.fixedMinimumHours) && gp.fixedMinimumHours >= 0 && gp.fixedMinimumHours <= GP_LIMITS.fixedMinimumHours)) {
    add('fixedMinimumHours', `vast minimum aantal uren moet een geheel getal van 0 tot ${GP_LIMITS.fixedMinimumHours} zijn`);
  }

  if (gp.kind === GpKind.Employed) {
    if (!gp.hasEmployer) add('employerGpId', 'een HIDHA (employed) heeft een werkgever nodig: de praktijkhouder bij wie hij of zij in dienst is');
    if (gp.carveOutPercent !== null && !(Number.isInteger(gp.carveOutPercent) && gp.carveOutPercent >= 0 && gp.carveOutPercent <= 100)) {
      add('carveOutPercent', 'het aandeel uit het quotum van de praktijkhouder moet een geheel percentage van 0 tot 100 zijn');
    }
  } else {
    if (gp.hasEmployer) add('employerGpId', 'alleen een HIDHA (employed) heeft een werkgever');
    if (gp.carveOutPercent !== null) add('carveOutPercent', 'alleen een HIDHA (employed) heeft een aandeel uit het quotum van een praktijkhouder');
  }

  const joinedOk = gp.joinedOn === null || isIsoDate(gp.joinedOn);
  const leftOk = gp.leftOn === null || isIsoDate(gp.leftOn);
  if (!joinedOk) add('joinedOn', `"${gp.joinedOn}" is geen geldige datum (JJJJ-MM-DD)`);
  if (!leftOk) add('leftOn', `"${gp.leftOn}" is geen geldige datum (JJJJ-MM-DD)`);
  if (joinedOk && leftOk && gp.joinedOn !== null && gp.leftOn !== null && gp.leftOn < gp.joinedOn) {
    add('leftOn', `vertrekdatum ${gp.leftOn} ligt vóór de aansluitdatum ${gp.joinedOn}`);
  }
  return problems;
}
