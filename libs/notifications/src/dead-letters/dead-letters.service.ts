import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { NotificationDeadLetterEntity } from '../entities/notification-dead-letter.entity.js';
import { InternalEvent } from '../messages/event-rules.js';
import { NotificationError, NotificationErrorCode } from '../notifications.errors.js';

export interface DeadLetterView {
  id: string;
  deliveryId: string;
  kind: string;
  channel: string;
  recipient: string;
  address: string;
  attempts: number;
  error: string;
  createdAt: string;
  retriedAt: string | null;
}

function view(d: NotificationDeadLetterEntity): DeadLetterView {
  return {
    id: d.id,
    deliveryId: d.deliveryId,
    kind: d.kind,
    channel: d.channel,
    recipient: d.recipient,
    address: d.address,
    attempts: d.attempts,
    error: d.error,
    createdAt: d.createdAt.toISOString(),
    retriedAt: d.retriedAt?.toISOString() ?? null,
  };
}

/** Messages that failed every attempt, per HDS; a retry goes back through the outbox to the worker. */
@Injectable()
export class DeadLettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(hdsId: string, page: { page: number; pageSize: number }, includeRetried: boolean): Promise<{ items: DeadLetterView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(NotificationDeadLetterEntity).findAndCount({
      where: includeRetried ? { hdsId } : { hdsId, retriedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map(view), total };
  }

  /** Puts the message back in the ledger as pending (a new round) and asks the worker to send it. */
  async retry(ctx: ChangeContext, id: string): Promise<DeadLetterView> {
    return this.dataSource.transaction(async (m) => {
      const dead = await m.findOne(NotificationDeadLetterEntity, { where: { hdsId: ctx.hdsId, id }, lock: { mode: 'pessimistic_write' } });
      if (!dead) throw new NotificationError(NotificationErrorCode.DeadLetterNotFound, `Onbestelbaar bericht ${id} bestaat niet in deze HDS.`);
      if (dead.retriedAt) throw new NotificationError(NotificationErrorCode.DeadLetterAlreadyRetried, 'Dit bericht is al opnieuw aangeboden.');
      const [rows] = (await m.query(
        `UPDATE notification_deliveries SET status = 'pending', round = round + 1, attempts = 0, claimed_by = NULL, claimed_at = NULL, updated_at = now()
          WHERE id = $1 AND hds_id = $2 AND status = 'dead' RETURNING round`,
        [dead.deliveryId, ctx.hdsId],
      )) as [{ round: number }[], number];
      if (rows.length === 0) throw new NotificationError(NotificationErrorCode.DeadLetterAlreadyRetried, 'Dit bericht wordt al opnieuw verstuurd.');
      const retried = await m.save(NotificationDeadLetterEntity, { ...dead, retriedAt: new Date(), retriedBy: ctx.actorUserId });
      await this.audit.change(
        m,
        ctx,
        { action: 'notification.dead_letter_retried', entityType: 'notification_delivery', entityId: dead.deliveryId, before: { deadLetterId: dead.id, error: dead.error }, after: { round: rows[0].round } },
        { type: InternalEvent.Retry, payload: { deliveryId: dead.deliveryId, round: rows[0].round } },
      );
      return view(retried);
    });
  }
}
