import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { NotificationPreferenceEntity } from '../entities/notification-preference.entity.js';
import { ALL_KINDS, InternalEvent, type NotificationKind } from '../messages/event-rules.js';
import { DEFAULT_REMINDER_LEAD_MINUTES } from '../notification-options.js';
import { NotificationError, NotificationErrorCode } from '../notifications.errors.js';

export interface PreferencesView {
  gpId: string;
  channels: { email: boolean; sms: boolean };
  kinds: NotificationKind[];
  reminderLeadMinutes: number | null;
  /** Defaults until the GP saves their own. */
  saved: boolean;
}

export interface PreferencesInput {
  channels: { email: boolean; sms: boolean };
  kinds: NotificationKind[];
  reminderLeadMinutes: number | null;
}

/** A GP's own notification preferences (webhooks are per HDS, not per person). */
@Injectable()
export class PreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get(hdsId: string, gpId: string | null): Promise<PreferencesView> {
    const ownGp = await this.requireGp(hdsId, gpId);
    const row = await this.dataSource.getRepository(NotificationPreferenceEntity).findOneBy({ hdsId, gpId: ownGp });
    return row ? view(row) : { gpId: ownGp, channels: { email: true, sms: false }, kinds: [...ALL_KINDS], reminderLeadMinutes: DEFAULT_REMINDER_LEAD_MINUTES, saved: false };
  }

  async put(ctx: ChangeContext, gpId: string | null, input: PreferencesInput): Promise<PreferencesView> {
    const ownGp = await this.requireGp(ctx.hdsId, gpId);
    if (!ctx.actorUserId) throw new NotificationError(NotificationErrorCode.NoGpRecord, 'Alleen een ingelogde huisarts kan eigen voorkeuren opslaan.');
    const actor = ctx.actorUserId;
    return this.dataSource.transaction(async (m) => {
      const before = await this.get(ctx.hdsId, ownGp);
      const kinds = ALL_KINDS.filter((k) => input.kinds.includes(k));
      await m.query(
        `INSERT INTO notification_preferences (hds_id, gp_id, user_id, email, sms, kinds, reminder_lead_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (hds_id, gp_id) DO UPDATE SET user_id = $3, email = $4, sms = $5, kinds = $6, reminder_lead_minutes = $7, updated_at = now()`,
        [ctx.hdsId, ownGp, actor, input.channels.email, input.channels.sms, kinds, input.reminderLeadMinutes],
      );
      const row = await m.findOneByOrFail(NotificationPreferenceEntity, { hdsId: ctx.hdsId, gpId: ownGp });
      const after = view(row);
      await this.audit.change(
        m,
        ctx,
        { action: 'notification.preferences_updated', entityType: 'gp', entityId: ownGp, before, after },
        { type: InternalEvent.PreferencesChanged, payload: { gpId: ownGp } },
      );
      return after;
    });
  }

  private async requireGp(hdsId: string, gpId: string | null): Promise<string> {
    if (!gpId) throw new NotificationError(NotificationErrorCode.NoGpRecord, 'U heeft geen huisartsrecord in deze HDS; voorkeuren gelden per huisarts.');
    const [row] = (await this.dataSource.query('SELECT id FROM gps WHERE hds_id = $1 AND id = $2', [hdsId, gpId])) as { id: string }[];
    if (!row) throw new NotificationError(NotificationErrorCode.NoGpRecord, 'Uw huisartsrecord bestaat niet (meer) in deze HDS.');
    return row.id;
  }
}

function view(row: NotificationPreferenceEntity): PreferencesView {
  return {
    gpId: row.gpId,
    channels: { email: row.email, sms: row.sms },
    kinds: ALL_KINDS.filter((k) => row.kinds.includes(k)),
    reminderLeadMinutes: row.reminderLeadMinutes,
    saved: true,
  };
}
