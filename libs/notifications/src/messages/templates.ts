import { DateTime } from 'luxon';

const ZONE = 'Europe/Amsterdam';

export type MessageLocale = 'nl' | 'en';

export interface ShiftInfo {
  id: string;
  startAt: Date;
  endAt: Date;
  post: string;
  code: string;
  role: string;
}

export interface MessageContext {
  locale: MessageLocale;
  recipientName: string;
  hdsName: string;
  /** Where the GP finds their iCal feed. */
  feedUrl: string;
  shift?: ShiftInfo;
  /** A moved dienst: where it was. */
  before?: { startAt: Date; endAt: Date };
  /** The roster-published digest. */
  period?: { name: string; startDate: string; endDate: string; shifts: ShiftInfo[] };
  otherGpName?: string;
  reason?: string;
  leadMinutes?: number;
}

export interface EmailContent {
  subject: string;
  text: string;
}

const ROLE_NAMES: Record<MessageLocale, Record<string, string>> = {
  nl: { consult: 'consult', visite: 'visite (rijdienst)', regiearts: 'regiearts', achterwacht: 'achterwacht' },
  en: { consult: 'consultations', visite: 'home visits', regiearts: 'triage supervisor', achterwacht: 'backup' },
};

/** "za 27-03-2027 23:00–08:00" in Amsterdam time; the end carries its weekday when it falls on another day. */
export function formatSpan(startAt: Date, endAt: Date, locale: MessageLocale): string {
  const start = DateTime.fromJSDate(startAt, { zone: ZONE }).setLocale(locale);
  const end = DateTime.fromJSDate(endAt, { zone: ZONE }).setLocale(locale);
  const sameDay = start.toISODate() === end.toISODate();
  return `${start.toFormat('ccc dd-MM-yyyy HH:mm')}–${sameDay ? end.toFormat('HH:mm') : end.toFormat('ccc HH:mm')}`;
}

export function formatShift(shift: ShiftInfo, locale: MessageLocale): string {
  const role = ROLE_NAMES[locale][shift.role] ?? shift.role;
  return `${formatSpan(shift.startAt, shift.endAt, locale)} · ${shift.post} · ${shift.code ? `${shift.code} (${role})` : role}`;
}

function formatDate(isoDate: string, locale: MessageLocale): string {
  return DateTime.fromISO(isoDate, { zone: ZONE }).setLocale(locale).toFormat('d LLLL yyyy');
}

type Template = (c: MessageContext) => EmailContent;

function shiftLine(c: MessageContext): string {
  return c.shift ? formatShift(c.shift, c.locale) : c.locale === 'nl' ? '(dienst onbekend)' : '(unknown shift)';
}

function withReason(c: MessageContext): string {
  if (!c.reason) return '';
  return c.locale === 'nl' ? `\nReden: ${c.reason}\n` : `\nReason: ${c.reason}\n`;
}

function footer(c: MessageContext): string {
  return c.locale === 'nl'
    ? `\nUw diensten staan ook in uw agenda-feed (iCal): ${c.feedUrl}\n\n${c.hdsName}\nU ontvangt dit bericht omdat u bij ${c.hdsName} bent aangesloten. Uw voorkeuren wijzigt u in de app.\n`
    : `\nYour shifts are also in your calendar feed (iCal): ${c.feedUrl}\n\n${c.hdsName}\nYou receive this message because you are affiliated with ${c.hdsName}. Change your preferences in the app.\n`;
}

function greeting(c: MessageContext): string {
  return c.locale === 'nl' ? `Beste ${c.recipientName},` : `Dear ${c.recipientName},`;
}

function simple(nl: { subject: string; lead: string }, en: { subject: string; lead: string }, extra: (c: MessageContext) => string = () => ''): Template {
  return (c) => {
    const t = c.locale === 'nl' ? nl : en;
    const lead = t.lead.replace('{other}', c.otherGpName ?? (c.locale === 'nl' ? 'een collega' : 'a colleague'));
    const subject = c.shift ? `${t.subject}: ${formatSpan(c.shift.startAt, c.shift.endAt, c.locale)}` : t.subject;
    return { subject, text: `${greeting(c)}\n\n${lead}\n\n  ${shiftLine(c)}\n${extra(c)}${withReason(c)}${footer(c)}` };
  };
}

const digest: Template = (c) => {
  const p = c.period ?? { name: '', startDate: '', endDate: '', shifts: [] };
  const nl = c.locale === 'nl';
  const range = `${formatDate(p.startDate, c.locale)} ${nl ? 't/m' : 'to'} ${formatDate(p.endDate, c.locale)}`;
  const hours = p.shifts.reduce((h, s) => h + (s.endAt.getTime() - s.startAt.getTime()) / 3_600_000, 0);
  const lines = p.shifts.map((s) => `  ${formatShift(s, c.locale)}`).join('\n');
  const summary = p.shifts.length === 0
    ? nl ? 'U heeft in deze periode geen diensten.' : 'You have no shifts in this period.'
    : nl
      ? `U heeft ${p.shifts.length} ${p.shifts.length === 1 ? 'dienst' : 'diensten'} (${formatHours(hours, c.locale)} uur):`
      : `You have ${p.shifts.length} ${p.shifts.length === 1 ? 'shift' : 'shifts'} (${formatHours(hours, c.locale)} hours):`;
  return {
    subject: nl ? `Rooster ${p.name} gepubliceerd: uw diensten` : `Roster ${p.name} published: your shifts`,
    text: `${greeting(c)}\n\n${
      nl ? `Het ANW-rooster ${p.name} (${range}) van ${c.hdsName} is gepubliceerd.` : `The out-of-hours roster ${p.name} (${range}) of ${c.hdsName} has been published.`
    }\n${summary}\n${lines}${lines ? '\n' : ''}${footer(c)}`,
  };
};

function formatHours(hours: number, locale: MessageLocale): string {
  return hours.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
}

const moved = simple(
  { subject: 'Dienst gewijzigd', lead: 'Een dienst waarop u staat is gewijzigd. Nu:' },
  { subject: 'Shift changed', lead: 'A shift you are on has changed. Now:' },
  (c) => (c.before ? `  ${c.locale === 'nl' ? 'was' : 'was'}: ${formatSpan(c.before.startAt, c.before.endAt, c.locale)}\n` : ''),
);

const reminder: Template = (c) => {
  const nl = c.locale === 'nl';
  const hours = Math.round((c.leadMinutes ?? 1440) / 60);
  return simple(
    { subject: 'Herinnering dienst', lead: `Herinnering: over ongeveer ${hours} uur begint uw dienst.` },
    { subject: 'Shift reminder', lead: `Reminder: your shift starts in about ${hours} hours.` },
  )({ ...c, recipientName: c.recipientName || (nl ? 'collega' : 'colleague') });
};

/** Every template by key (the event type, or `reminder`), Dutch and English. */
export const TEMPLATES: Readonly<Record<string, Template>> = Object.freeze({
  'roster.published': digest,
  'assignment.added': simple(
    { subject: 'Nieuwe dienst', lead: 'De planner heeft u ingeroosterd voor deze dienst:' },
    { subject: 'New shift', lead: 'The planner has scheduled you for this shift:' },
  ),
  'assignment.moved': simple(
    { subject: 'Dienst verplaatst', lead: 'De planner heeft u naar een andere dienst verplaatst:' },
    { subject: 'Shift moved', lead: 'The planner has moved you to another shift:' },
  ),
  'assignment.removed': simple(
    { subject: 'Dienst vervallen', lead: 'De planner heeft u van deze dienst gehaald:' },
    { subject: 'Shift removed', lead: 'The planner has taken you off this shift:' },
  ),
  'shift.changed': moved,
  'shift.removed': simple(
    { subject: 'Dienst geschrapt', lead: 'Deze dienst, waarop u stond, is geschrapt:' },
    { subject: 'Shift cancelled', lead: 'This shift you were on has been cancelled:' },
  ),
  'swap.proposed': simple(
    { subject: 'Ruilverzoek', lead: '{other} stelt voor om met u te ruilen:' },
    { subject: 'Swap request', lead: '{other} proposes a swap with you:' },
  ),
  'swap.accepted': simple(
    { subject: 'Ruil geaccepteerd', lead: '{other} heeft uw ruilverzoek geaccepteerd:' },
    { subject: 'Swap accepted', lead: '{other} accepted your swap request:' },
  ),
  'swap.declined': simple(
    { subject: 'Ruil afgewezen', lead: '{other} heeft uw ruilverzoek afgewezen:' },
    { subject: 'Swap declined', lead: '{other} declined your swap request:' },
  ),
  'swap.approved': simple(
    { subject: 'Ruil goedgekeurd', lead: 'De planner heeft de ruil met {other} goedgekeurd; de diensten zijn gewisseld:' },
    { subject: 'Swap approved', lead: 'The planner approved the swap with {other}; the shifts have changed hands:' },
  ),
  'swap.refused': simple(
    { subject: 'Ruil afgewezen door de planner', lead: 'De planner heeft de ruil met {other} afgewezen; er verandert niets:' },
    { subject: 'Swap refused by the planner', lead: 'The planner refused the swap with {other}; nothing changes:' },
  ),
  'trade.undone': simple(
    { subject: 'Ruil of overname teruggedraaid', lead: 'De ruil of overname met {other} is teruggedraaid; de dienst staat weer op de oorspronkelijke naam:' },
    { subject: 'Trade undone', lead: 'The trade with {other} was undone; the shift is back with its original holder:' },
  ),
  'offer.created': simple(
    { subject: 'Dienst aangeboden', lead: 'Er wordt een dienst aangeboden die u kunt overnemen:' },
    { subject: 'Shift offered', lead: 'A shift is on offer that you can take over:' },
  ),
  'claim.won': simple(
    { subject: 'Dienst toegewezen', lead: 'U heeft deze dienst gekregen:' },
    { subject: 'Shift won', lead: 'You have been given this shift:' },
  ),
  'claim.lost': simple(
    { subject: 'Dienst niet toegewezen', lead: 'Deze dienst is aan een ander toegewezen:' },
    { subject: 'Shift not won', lead: 'This shift went to someone else:' },
  ),
  'claim.approved': simple(
    { subject: 'Overname goedgekeurd', lead: 'De planner heeft uw overname goedgekeurd:' },
    { subject: 'Claim approved', lead: 'The planner approved your claim:' },
  ),
  'claim.refused': simple(
    { subject: 'Overname afgewezen', lead: 'De planner heeft uw overname afgewezen:' },
    { subject: 'Claim refused', lead: 'The planner refused your claim:' },
  ),
  'shift.still_open': simple(
    { subject: 'Dienst nog open', lead: 'Deze dienst is nog niet (volledig) bezet:' },
    { subject: 'Shift still open', lead: 'This shift is not (fully) staffed yet:' },
  ),
  reminder,
});

export function render(templateKey: string, context: MessageContext): EmailContent | undefined {
  const template = Object.hasOwn(TEMPLATES, templateKey) ? TEMPLATES[templateKey] : undefined;
  return template?.(context);
}

/** SMS: one short line. */
export function renderSms(content: EmailContent, context: MessageContext): string {
  const what = context.shift ? ` ${formatSpan(context.shift.startAt, context.shift.endAt, context.locale)}` : '';
  return `${context.hdsName}: ${content.subject.split(':')[0]}${what}`.slice(0, 300);
}
