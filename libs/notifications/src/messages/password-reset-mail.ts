import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Channel } from '../entities/notification-delivery.entity.js';
import { PASSWORD_RESET_LINK_PLACEHOLDER } from './mail-links.js';
import type { DeliveryDraft, OutboxEventRow } from './message-composer.js';
import type { EmailContent, MessageLocale } from './templates.js';

interface ResetRow {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  expires_at: Date;
  open: boolean;
}

export function renderPasswordReset(locale: MessageLocale, c: { name: string; expiresAt: Date }): EmailContent {
  const until = DateTime.fromJSDate(c.expiresAt, { zone: 'Europe/Amsterdam' }).setLocale(locale).toFormat('d LLLL yyyy HH:mm');
  if (locale === 'en') {
    return {
      subject: 'Reset your password: out-of-hours roster',
      text: [
        `Hello ${c.name},`,
        '',
        'Someone (hopefully you) asked to reset the password of your out-of-hours roster account.',
        'Choose a new password here:',
        '',
        PASSWORD_RESET_LINK_PLACEHOLDER,
        '',
        `The link can be used once and is valid until ${until} (Amsterdam time). Setting a new password signs you out everywhere.`,
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Nieuw wachtwoord instellen: ANW-rooster',
    text: [
      `Beste ${c.name},`,
      '',
      'Iemand (hopelijk u) heeft gevraagd het wachtwoord van uw account voor het ANW-rooster opnieuw in te stellen.',
      'Kies een nieuw wachtwoord via:',
      '',
      PASSWORD_RESET_LINK_PLACEHOLDER,
      '',
      `De link is eenmalig te gebruiken en geldig tot ${until}. Met een nieuw wachtwoord wordt u overal uitgelogd.`,
      'Heeft u dit niet gevraagd? Negeer deze e-mail dan: uw wachtwoord blijft zoals het is.',
    ].join('\n'),
  };
}

/** The password-reset mail: to the account's address, in the account's language, while the reset is open. */
@Injectable()
export class PasswordResetMail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forEvent(event: OutboxEventRow): Promise<DeliveryDraft[]> {
    const { resetId } = event.payload;
    if (typeof resetId !== 'string') return [];
    const [row] = (await this.dataSource.query(
      `SELECT r.id, u.email, u.display_name, u.locale, r.expires_at, (r.used_at IS NULL AND r.closed_at IS NULL AND r.expires_at > now() AND u.active) AS open
         FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
      [resetId],
    )) as ResetRow[];
    // Used, superseded by a newer request, or expired while the mail waited: its link is dead.
    if (!row || !row.open) return [];
    const content = renderPasswordReset(row.locale === 'en' ? 'en' : 'nl', { name: row.display_name, expiresAt: row.expires_at });
    return [
      {
        hdsId: event.hdsId,
        source: event.id,
        eventId: event.id,
        kind: event.type,
        recipient: `password-reset:${row.id}`,
        channel: Channel.Email,
        address: row.email,
        message: { subject: content.subject, text: content.text, body: { resetId: row.id, sendCount: 1 } },
        requestId: event.requestId,
      },
    ];
  }
}
