import { DateTime } from 'luxon';
import { CATEGORIES, DEFAULT_ZONE, splitInterval, type Category, type Minutes } from '@anw/time';
import { CancelReason, FeedKind, FeedShiftStatus, type FeedPost, type FeedShift } from './feed-model.js';

const KIND_NAMES: Record<Category, string> = {
  dag: 'Dagdienst',
  avond: 'Avonddienst',
  nacht: 'Nachtdienst',
  weekend: 'Weekenddienst',
  feestdag: 'Feestdagdienst',
};

const CATEGORY_NAMES: Record<Category, string> = {
  dag: 'dag (geen ANW)',
  avond: 'avond',
  nacht: 'nacht',
  weekend: 'weekend',
  feestdag: 'feestdag',
};

const ROLE_NAMES: Record<string, string> = {
  consult: 'consult',
  visite: 'visite (rijdienst)',
  regiearts: 'regiearts',
  achterwacht: 'achterwacht',
};

const WEEKDAYS = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'];
const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** "za 27 mrt 2027 23:00": Dutch, without building an Intl formatter per dienst. */
function localText(t: DateTime): string {
  return `${WEEKDAYS[t.weekday - 1]} ${t.day} ${MONTHS[t.month - 1]} ${t.year} ${pad(t.hour)}:${pad(t.minute)}`;
}

// On a tie the heavier category names the dienst.
const WEIGHT: Record<Category, number> = { feestdag: 5, nacht: 4, weekend: 3, avond: 2, dag: 1 };

/** The category most of the dienst's real elapsed minutes fall in (ties: the heavier one). */
export function shiftKind(minutes: Minutes): Category {
  let best: Category = 'dag';
  for (const c of CATEGORIES) {
    if (minutes[c] > minutes[best] || (minutes[c] === minutes[best] && WEIGHT[c] > WEIGHT[best])) best = c;
  }
  return best;
}

/** "8 u", "1 u 30 min", "45 min". */
export function formatMinutes(total: number): string {
  const rounded = Math.round(total);
  const hours = Math.floor(rounded / 60);
  const minutes = rounded % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} u` : `${hours} u ${minutes} min`;
}

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

export interface ShiftText {
  summary: string;
  description: string;
  location: string;
}

export interface ShiftTextOptions {
  feedKind: FeedKind;
  eveningStart: string;
  holidays: ReadonlySet<string>;
  zone?: string;
}

/**
 * The Dutch SUMMARY, DESCRIPTION and LOCATION of a dienst: kind and role ("Nachtdienst consult —
 * HAP Zaandam"), post and address, local times, real duration and the hours per tariff category.
 * A personal feed names no one; post and HDS feeds (planners) list who stands on it.
 */
export function shiftText(shift: FeedShift, post: FeedPost | undefined, options: ShiftTextOptions): ShiftText {
  const zone = options.zone ?? DEFAULT_ZONE;
  const minutes = splitInterval(shift.startMs, shift.endMs, { eveningStart: options.eveningStart, holidays: options.holidays, zone });
  const kind = shiftKind(minutes);
  const postName = post?.name ?? 'onbekende post';
  const title = `${KIND_NAMES[kind]} ${roleName(shift.role)} — ${postName}`;
  const personal = options.feedKind === FeedKind.Gp;

  let summary = title;
  if (shift.status === FeedShiftStatus.Cancelled) summary = `Vervallen: ${title}`;
  else if (shift.status === FeedShiftStatus.Tentative) summary = `Voorlopig: ${title}`;
  else if (!personal) {
    const names = shift.gpNames ?? [];
    const open = Math.max(0, (shift.required ?? names.length) - names.length);
    const who = names.length > 0 ? names.join(', ') : '';
    summary = `${title}: ${[who, open > 0 ? `${open} open` : ''].filter(Boolean).join(', ')}`;
  }

  const start = DateTime.fromMillis(shift.startMs, { zone });
  const end = DateTime.fromMillis(shift.endMs, { zone });
  const elapsed = (shift.endMs - shift.startMs) / 60_000;
  const perCategory = CATEGORIES.filter((c) => minutes[c] > 0).map((c) => `${CATEGORY_NAMES[c]} ${formatMinutes(minutes[c])}`);
  const lines: string[] = [];
  if (shift.status === FeedShiftStatus.Cancelled) {
    lines.push(
      shift.cancelReason === CancelReason.Unassigned
        ? 'VERVALLEN: u staat niet meer op deze dienst (geruild, overgedragen of door de planner gewijzigd).'
        : 'VERVALLEN: deze dienst is van het rooster gehaald.',
    );
  } else if (shift.status === FeedShiftStatus.Tentative) {
    lines.push('VOORLOPIG: voor deze dienst loopt een ruil- of overnameverzoek.');
  }
  lines.push(`${KIND_NAMES[kind]} ${roleName(shift.role)}${shift.code ? ` (${shift.code})` : ''}`);
  lines.push(`Post: ${postName}`);
  if (post?.address) lines.push(`Adres: ${post.address}`);
  lines.push(`Tijd: ${localText(start)} – ${localText(end)} (${zone})`);
  lines.push(`Duur: ${formatMinutes(elapsed)} (${perCategory.join(', ')})`);
  const offsetChange = end.offset - start.offset;
  if (offsetChange > 0) lines.push(`Let op: de zomertijd gaat in tijdens deze dienst (klok een uur vooruit); de dienst duurt ${formatMinutes(elapsed)}.`);
  if (offsetChange < 0) lines.push(`Let op: de wintertijd gaat in tijdens deze dienst (klok een uur terug); de dienst duurt ${formatMinutes(elapsed)}.`);
  if (!personal && shift.status !== FeedShiftStatus.Cancelled) {
    const names = shift.gpNames ?? [];
    lines.push(`Bezetting: ${names.length > 0 ? names.join(', ') : 'niemand'} (${names.length} van ${shift.required ?? names.length})`);
  }
  return { summary, description: lines.join('\n'), location: post?.address ? `${postName}, ${post.address}` : postName };
}
