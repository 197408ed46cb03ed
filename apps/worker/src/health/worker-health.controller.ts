import { Controller, Get, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { checkHealth, MetricsService, REDIS } from '@anw/platform';

/** The worker's /health and /metrics, for its liveness/readiness probes and Prometheus. */
@Controller()
export class WorkerHealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const report = await checkHealth(this.dataSource, this.redis);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Get('metrics')
  async prometheus(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
