import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, LessThan } from 'typeorm';
import { DistributionJob, QueueName, type DistributionSolvePayload } from '@anw/platform';
import { DistributionRunEntity, RunStatus } from './distribution-run.entity.js';

const SWEEP_MS = 10_000;

/** Enqueues runs that stayed queued (the API's enqueue failed while Redis was away). Job ids collapse duplicates. */
@Injectable()
export class RunSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Distribution) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((e: unknown) => this.logger.warn(String(e))), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const stale = await this.dataSource.getRepository(DistributionRunEntity).find({
      where: { status: RunStatus.Queued, cancelRequested: false, createdAt: LessThan(new Date(Date.now() - SWEEP_MS)) },
      take: 100,
    });
    for (const run of stale) {
      const payload: DistributionSolvePayload = { hdsId: run.hdsId, periodId: run.periodId, runId: run.id, seed: run.seed, seconds: run.seconds, requestId: run.requestId };
      await this.queue.add(DistributionJob.Solve, payload, { jobId: run.id, removeOnComplete: 1000, removeOnFail: 1000 });
    }
    return stale.length;
  }
}
