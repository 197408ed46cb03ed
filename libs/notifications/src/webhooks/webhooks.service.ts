import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { NotificationWebhookEntity } from '../entities/notification-webhook.entity.js';
import { NotificationError, NotificationErrorCode } from '../notifications.errors.js';

export interface WebhookView {
  url: string;
  active: boolean;
  /** For the receiver to check X-ANW-Signature; shown to hds-admins only. */
  secret: string;
  updatedAt: string;
}

/** An HDS's webhook endpoint: every domain event of the HDS is POSTed there, signed. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get(hdsId: string): Promise<WebhookView> {
    const row = await this.dataSource.getRepository(NotificationWebhookEntity).findOneBy({ hdsId });
    if (!row) throw new NotificationError(NotificationErrorCode.WebhookNotFound, 'Voor deze HDS is geen webhook ingesteld.');
    return view(row);
  }

  async put(ctx: ChangeContext, input: { url: string; active: boolean; rotateSecret?: boolean }): Promise<WebhookView> {
    return this.dataSource.transaction(async (m) => {
      const before = await m.findOne(NotificationWebhookEntity, { where: { hdsId: ctx.hdsId }, lock: { mode: 'pessimistic_write' } });
      const secret = !before || input.rotateSecret ? randomBytes(32).toString('base64url') : before.secret;
      const saved = await m.save(NotificationWebhookEntity, { hdsId: ctx.hdsId, url: input.url, active: input.active, secret });
      await this.audit.change(m, ctx, {
        action: 'notification.webhook_updated',
        entityType: 'hds',
        entityId: ctx.hdsId,
        before: before ? { url: before.url, active: before.active } : null,
        after: { url: saved.url, active: saved.active, secretRotated: !before || input.rotateSecret === true },
      });
      return view(await m.findOneByOrFail(NotificationWebhookEntity, { hdsId: ctx.hdsId }));
    });
  }
}

function view(row: NotificationWebhookEntity): WebhookView {
  return { url: row.url, active: row.active, secret: row.secret, updatedAt: row.updatedAt.toISOString() };
}
