import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';

export const SIGNATURE_HEADER = 'x-anw-signature';
export const TIMESTAMP_HEADER = 'x-anw-timestamp';
export const DELIVERY_HEADER = 'x-anw-delivery';
export const EVENT_HEADER = 'x-anw-event';

/** HMAC-SHA256 over `<timestamp>.<body>`, hex, prefixed `sha256=` (the receiver recomputes it and checks the timestamp is recent). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface OutgoingWebhook {
  url: string;
  secret: string;
  body: Record<string, unknown>;
  eventType: string;
  deliveryId: string;
}

export class WebhookFailure extends Error {}

/** POSTs an event to an HDS's own endpoint; anything but a 2xx is a failure to retry. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions) {}

  async send(hook: OutgoingWebhook, now: number = Date.now()): Promise<void> {
    const body = JSON.stringify(hook.body);
    const timestamp = Math.floor(now / 1000);
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: hook.deliveryId,
        [EVENT_HEADER]: hook.eventType,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.webhookTimeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new WebhookFailure(`webhook antwoordde ${res.status}`);
  }
}
