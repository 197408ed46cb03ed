import { Module } from '@nestjs/common';
import { QueueDashboard } from './queue-dashboard.js';

/** Operations pages for platform operators (outside the OpenAPI document; see bootstrap.ts). */
@Module({
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class OpsModule {}
