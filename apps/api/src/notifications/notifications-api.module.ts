import { Module } from '@nestjs/common';
import { NotificationsModule } from '@anw/notifications';
import { NotificationsController } from './notifications.controller.js';

/** Notification preferences, dead letters and the HDS webhook under /hds/:hdsId/notifications. */
@Module({
  imports: [NotificationsModule],
  controllers: [NotificationsController],
})
export class NotificationsApiModule {}
