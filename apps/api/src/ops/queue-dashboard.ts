import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getSharedConfigToken, type BullRootModuleOptions } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { QueueName } from '@anw/platform';

export const QUEUE_DASHBOARD_PATH = '/ops/queues';

/**
 * bull-board over every queue of the app, with the prefix and Redis connection QueueRootModule
 * configured. Read-only: retrying and removing go through the API (dead letters), which keeps the
 * delivery ledger right. The queue handles here only read.
 */
@Injectable()
export class QueueDashboard implements OnModuleDestroy {
  readonly router: RequestHandler;
  private readonly queues: Queue[];

  constructor(@Inject(getSharedConfigToken()) options: BullRootModuleOptions) {
    this.queues = Object.values(QueueName).map((name) => new Queue(name, { prefix: options.prefix, connection: options.connection }));
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'ANW-wachtrijen', hideDocsLink: true } },
    });
    this.router = serverAdapter.getRouter() as RequestHandler;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
