import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@anw/audit';
import { DistributionJob, MetricsService, QueueName, type DistributionSolvePayload } from '@anw/platform';
import { PeriodsService } from '@anw/rosters';
import { DistributionRunEntity, RunStatus } from './distribution-run.entity.js';
import { buildInstance } from './instance-builder.js';
import { startSolve } from './solve-runner.js';

const PROGRESS_WRITE_MS = 500;

/** The distribution queue's one processor (worker app only). */
@Processor(QueueName.Distribution, { concurrency: 1 })
export class DistributionProcessor extends WorkerHost {
  private readonly logger = new Logger(DistributionProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly periods: PeriodsService,
    private readonly audit: AuditTrail,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name as DistributionJob) {
      case DistributionJob.Solve:
        return this.solve(job as Job<DistributionSolvePayload>);
    }
  }

  private async solve(job: Job<DistributionSolvePayload>): Promise<void> {
    const { runId, hdsId } = job.data;
    const repo = this.dataSource.getRepository(DistributionRunEntity);
    // Claim the run: only a queued, not cancelled run starts (a duplicate job finds it taken).
    const claimed = await repo.update({ id: runId, hdsId, status: RunStatus.Queued, cancelRequested: false }, { status: RunStatus.Running, startedAt: new Date() });
    if (!claimed.affected) return;
    const run = await repo.findOneByOrFail({ id: runId });
    this.logger.log({ runId, hdsId, requestId: job.data.requestId, jobId: job.id }, 'distribution started');
    try {
      const period = await this.periods.getPeriod(hdsId, run.periodId);
      const instance = await buildInstance(this.dataSource.manager, period);
      let lastWrite = 0;
      let pending: Promise<unknown> = Promise.resolve();
      const handle = startSolve(instance, {
        seed: run.seed,
        timeBudgetMs: run.seconds * 1000,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_WRITE_MS) return;
          lastWrite = now;
          pending = pending.then(async () => {
            await repo.update({ id: runId }, { percent: p.percent, score: p.score });
            const { cancelRequested } = await repo.findOneOrFail({ where: { id: runId }, select: { id: true, cancelRequested: true } });
            if (cancelRequested) handle.cancel();
          });
        },
      });
      const poll = setInterval(() => {
        void repo
          .findOne({ where: { id: runId }, select: { id: true, cancelRequested: true } })
          .then((r) => r?.cancelRequested && handle.cancel())
          .catch(() => undefined);
      }, PROGRESS_WRITE_MS);
      let result;
      try {
        result = await handle.result;
      } finally {
        clearInterval(poll);
        await pending.catch(() => undefined);
      }
      const { cancelRequested } = await repo.findOneOrFail({ where: { id: runId }, select: { id: true, cancelRequested: true } });
      await this.dataSource.transaction(async (m) => {
        await m.update(DistributionRunEntity, { id: runId }, {
          status: cancelRequested ? RunStatus.Cancelled : RunStatus.Completed,
          percent: 100,
          score: result.report.score,
          result,
          finishedAt: new Date(),
        });
        await this.audit.change(
          m,
          { hdsId, actorUserId: run.requestedBy, requestId: job.data.requestId },
          { action: cancelRequested ? 'distribution.cancelled_with_result' : 'distribution.completed', entityType: 'distribution_run', entityId: runId, after: { score: result.report.score, unfilled: result.unfilled.length } },
          { type: 'distribution.completed', payload: { periodId: run.periodId, runId, unfilled: result.unfilled.length } },
        );
      });
      this.metrics.jobs.inc({ queue: QueueName.Distribution, name: DistributionJob.Solve, outcome: 'completed' });
    } catch (error) {
      this.metrics.jobs.inc({ queue: QueueName.Distribution, name: DistributionJob.Solve, outcome: 'failed' });
      this.logger.error({ runId, err: String(error) }, 'distribution failed');
      await repo.update({ id: runId }, { status: RunStatus.Failed, error: error instanceof Error ? error.message : String(error), finishedAt: new Date() });
    }
  }
}
