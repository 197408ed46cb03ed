import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Channel } from '../entities/notification-delivery.entity.js';
import { INVITATION_LINK_PLACEHOLDER } from './mail-links.js';
import type { DeliveryDraft, OutboxEventRow } from './message-composer.js';
import type { EmailContent, MessageLocale } from './templates.js';

interface InvitationRow {
  id: string;
  email: string;
  role: string;
  locale: string;
  send_count: number;
  expires_at: Date;
  open: boolean;
  hds_name: string;
}

const ROLE_NAMES: Record<MessageLocale, Record<string, string>> = {
  nl: { gp: 'huisarts', planner: 'planner', 'hds-admin': 'HDS-beheerder', 'regional-auditor': 'regionale auditor' },
  en: { gp: 'GP', planner: 'planner', 'hds-admin': 'HDS administrator', 'regional-auditor': 'regional auditor' },
};

export function renderInvitation(locale: MessageLocale, c: { hdsName: string; role: string; expiresAt: Date }): EmailContent {
  const role = ROLE_NAMES[locale][c.role] ?? c.role;
  const until = DateTime.fromJSDate(c.expiresAt, { zone: 'Europe/Amsterdam' }).setLocale(locale).toFormat('d LLLL yyyy HH:mm');
  if (locale === 'en') {
    return {
      subject: `Invitation: ${c.hdsName} roster (${role})`,
      text: [
        'Hello,',
        '',
        `You have been invited to the out-of-hours roster of ${c.hdsName} as ${role}.`,
        'Accept the invitation and create your account (or link your existing one) here:',
        '',
        INVITATION_LINK_PLACEHOLDER,
        '',
        `The link can be used once and is valid until ${until} (Amsterdam time).`,
        'If you did not expect this invitation, you can ignore this e-mail.',
      ].join('\n'),
    };
  }
  return {
    subject: `Uitnodiging: rooster ${c.hdsName} (${role})`,
    text: [
      'Beste collega,',
      '',
      `U bent uitgenodigd voor het ANW-rooster van ${c.hdsName} als ${role}.`,
      'Accepteer de uitnodiging en maak uw account aan (of koppel uw bestaande account) via:',
      '',
      INVITATION_LINK_PLACEHOLDER,
      '',
      `De link is eenmalig te gebruiken en geldig tot ${until}.`,
      'Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren.',
    ].join('\n'),
  };
}

/** The invitation mail: one per (re-)send, to the invited address, in its user's language where the address has a login (else the invitation's). */
@Injectable()
export class InvitationMail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forEvent(event: OutboxEventRow): Promise<DeliveryDraft[]> {
    const { invitationId, sendCount } = event.payload;
    if (typeof invitationId !== 'string' || typeof sendCount !== 'number') return [];
    const [row] = (await this.dataSource.query(
      `SELECT i.id, i.email, i.role, coalesce(u.locale, i.locale) AS locale, i.send_count, i.expires_at, (i.accepted_at IS NULL AND i.revoked_at IS NULL) AS open, coalesce(r.name, h.name) AS hds_name
         FROM invitations i JOIN hds h ON h.id = i.hds_id LEFT JOIN regions r ON r.id = i.region_id LEFT JOIN users u ON u.email = i.email WHERE i.id = $1 AND i.hds_id = $2`,
      [invitationId, event.hdsId],
    )) as InvitationRow[];
    // A later send replaced this one (its link is dead), or the invitation was used or revoked.
    if (!row || !row.open || row.send_count !== sendCount) return [];
    const content = renderInvitation(row.locale === 'en' ? 'en' : 'nl', { hdsName: row.hds_name, role: row.role, expiresAt: row.expires_at });
    return [
      {
        hdsId: event.hdsId,
        source: event.id,
        eventId: event.id,
        kind: event.type,
        recipient: `invitation:${row.id}`,
        channel: Channel.Email,
        address: row.email,
        message: { subject: content.subject, text: content.text, body: { invitationId: row.id, sendCount } },
        requestId: event.requestId,
      },
    ];
  }

}
