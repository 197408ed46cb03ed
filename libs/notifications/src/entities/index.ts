export * from './notification-delivery.entity.js';
export * from './notification-fanout.entity.js';
export * from './notification-dead-letter.entity.js';
export * from './notification-preference.entity.js';
export * from './notification-webhook.entity.js';

import { NotificationDeadLetterEntity } from './notification-dead-letter.entity.js';
import { NotificationDeliveryEntity } from './notification-delivery.entity.js';
import { NotificationFanoutEntity } from './notification-fanout.entity.js';
import { NotificationPreferenceEntity } from './notification-preference.entity.js';
import { NotificationWebhookEntity } from './notification-webhook.entity.js';

/** The tables of the notifications context, for the one data source. */
export const NOTIFICATION_ENTITIES = [
  NotificationDeliveryEntity,
  NotificationFanoutEntity,
  NotificationDeadLetterEntity,
  NotificationPreferenceEntity,
  NotificationWebhookEntity,
];
