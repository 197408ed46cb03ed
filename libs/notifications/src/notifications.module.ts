import { Module, type DynamicModule } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { EmailSender } from './channels/email-sender.js';
import { LoggingSmsSender, SMS_SENDER } from './channels/sms-sender.js';
import { WebhookSender } from './channels/webhook-sender.js';
import { DeadLettersService } from './dead-letters/dead-letters.service.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { FanoutService } from './delivery/fanout.service.js';
import { InvitationMail } from './messages/invitation-mail.js';
import { MailLinks } from './messages/mail-links.js';
import { PasswordResetMail } from './messages/password-reset-mail.js';
import { MessageComposer } from './messages/message-composer.js';
import { RecipientDirectory } from './messages/recipient-directory.js';
import { DEFAULT_NOTIFICATION_OPTIONS, NOTIFICATION_OPTIONS, type NotificationOptions } from './notification-options.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { OutboxRelay } from './relay/outbox-relay.js';
import { ReminderService } from './reminders/reminder.service.js';
import { WebhooksService } from './webhooks/webhooks.service.js';
import { NotificationsProcessor, OutboxProcessor } from './worker/notification-processors.js';
import { NotificationWorkers } from './worker/notification-workers.js';
import { PipelineRecovery } from './worker/pipeline-recovery.js';
import { NotificationQueues } from './worker/queue-connections.js';
import { WorkerLease } from './worker/worker-lease.js';

const API_SERVICES = [PreferencesService, DeadLettersService, WebhooksService];

/** The API side: preferences, dead letters and webhooks. It never touches Redis; retries go through the outbox. */
@Module({
  providers: [AuditTrail, ...API_SERVICES],
  exports: API_SERVICES,
})
export class NotificationsModule {}

const WORKER_PROVIDERS = [
  NotificationQueues,
  WorkerLease,
  EmailSender,
  WebhookSender,
  RecipientDirectory,
  InvitationMail,
  PasswordResetMail,
  MailLinks,
  MessageComposer,
  DeliveryService,
  ReminderService,
  FanoutService,
  OutboxRelay,
  PipelineRecovery,
  OutboxProcessor,
  NotificationsProcessor,
  NotificationWorkers,
];

/** The worker side: relay, fan-out, channels, reminders and recovery. */
@Module({})
export class NotificationsWorkerModule {
  static forRoot(options: Partial<NotificationOptions> = {}): DynamicModule {
    return {
      module: NotificationsWorkerModule,
      providers: [
        { provide: NOTIFICATION_OPTIONS, useValue: Object.freeze({ ...DEFAULT_NOTIFICATION_OPTIONS, ...options }) },
        { provide: SMS_SENDER, useClass: LoggingSmsSender },
        ...WORKER_PROVIDERS,
      ],
      exports: [NOTIFICATION_OPTIONS, ...WORKER_PROVIDERS],
    };
  }
}
