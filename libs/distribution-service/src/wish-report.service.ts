import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PreferenceCounts } from '@anw/distribution';
import { DataSource } from 'typeorm';
import { DistributionRunEntity, RunStatus } from './distribution-run.entity.js';
import { DistributionError, DistributionErrorCode } from './distribution.errors.js';

export interface MyWishesView {
  periodId: string;
  /** the applied run the counts come from; null before the planner applied one */
  runId: string | null;
  /** per wish, unweighted: wants granted, avoids hit (roster result 1.1) */
  preferences: PreferenceCounts | null;
}

/** What became of a GP's wishes: read from the period's last applied run, never from a draft. */
@Injectable()
export class WishReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async mine(hdsId: string, gpId: string | null, periodId: string): Promise<MyWishesView> {
    if (!gpId) throw new DistributionError(DistributionErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS heeft wensen.');
    const run = await this.dataSource.manager.findOne(DistributionRunEntity, { where: { hdsId, periodId, status: RunStatus.Applied }, order: { createdAt: 'DESC' } });
    const result = run?.result as { report?: { perGp?: { gp: string; preferences?: PreferenceCounts }[] } } | undefined;
    const mine = result?.report?.perGp?.find((g) => g.gp === gpId);
    return { periodId, runId: run?.id ?? null, preferences: mine?.preferences ?? null };
  }
}
