import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The ledger key (source|recipient|channel): the Message-ID is derived from it, so a resend carries the same one. */
  key: string;
  deliveryId: string;
}

/** The Message-ID of a delivery: the same for every attempt, so a receiving MTA can drop a repeat. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'anw-rooster.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

/** E-mail over SMTP through one pooled nodemailer transport per worker. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private transporter: Transporter | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  async send(mail: OutgoingEmail): Promise<void> {
    await this.transport().sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: messageIdFor(mail.key, this.config.mail.from),
      headers: { 'X-ANW-Delivery': mail.deliveryId },
    });
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  private transport(): Transporter {
    if (!this.transporter) {
      const url = new URL(this.config.mail.smtpUrl);
      this.transporter = nodemailer.createTransport({
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
        secure: url.protocol === 'smtps:',
        auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
        pool: true,
        maxConnections: this.options.smtpPoolSize,
        maxMessages: Infinity,
        connectionTimeout: this.options.smtpTimeoutMs,
        greetingTimeout: this.options.smtpTimeoutMs,
        socketTimeout: this.options.smtpTimeoutMs,
      });
    }
    return this.transporter;
  }
}
