import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { REDIS } from '../redis/redis.module.js';
import { checkHealth } from './health.js';

/**
 * /health and /metrics of both apps, for liveness/readiness probes and Prometheus: open without
 * a login (probes carry none) and left out of the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
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
