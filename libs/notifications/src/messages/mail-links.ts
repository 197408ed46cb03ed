import { Inject, Injectable } from '@nestjs/common';
import { INVITATION_SENT_EVENT, mailLink, mailToken, MailTokenPurpose, PASSWORD_RESET_MAIL_EVENT } from '@anw/identity';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import type { RenderedMessage } from '../entities/notification-delivery.entity.js';

/** Where the link goes in a mail's text as the ledger keeps it (see MailLinks). */
export const INVITATION_LINK_PLACEHOLDER = '{{invitation-link}}';
export const PASSWORD_RESET_LINK_PLACEHOLDER = '{{password-reset-link}}';

interface LinkedKind {
  purpose: MailTokenPurpose;
  placeholder: string;
  /** The field of the message body holding the id the token is derived from. */
  idField: string;
}

const LINKED: Readonly<Record<string, LinkedKind>> = {
  [INVITATION_SENT_EVENT]: { purpose: MailTokenPurpose.Invitation, placeholder: INVITATION_LINK_PLACEHOLDER, idField: 'invitationId' },
  [PASSWORD_RESET_MAIL_EVENT]: { purpose: MailTokenPurpose.PasswordReset, placeholder: PASSWORD_RESET_LINK_PLACEHOLDER, idField: 'resetId' },
};

/**
 * Mails that carry a single-use link (invitations, password resets): the link is put in only when
 * the mail is sent, rebuilt from the body's id and send counter (mail-token.ts), so no table
 * (neither the outbox nor the delivery ledger) holds a usable token.
 */
@Injectable()
export class MailLinks {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The text to send: for a linked mail, with its link put in now. */
  text(kind: string, message: RenderedMessage): string {
    const text = message.text ?? '';
    const linked = Object.hasOwn(LINKED, kind) ? LINKED[kind] : undefined;
    if (!linked) return text;
    const id = message.body?.[linked.idField];
    const sendCount = message.body?.sendCount;
    if (typeof id !== 'string' || typeof sendCount !== 'number') return text;
    const token = mailToken(this.config.auth.jwtSecret, linked.purpose, id, sendCount);
    return text.replace(linked.placeholder, mailLink(this.config.http.publicBaseUrl, linked.purpose, token));
  }
}
