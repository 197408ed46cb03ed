import { Injectable } from '@nestjs/common';

/**
 * Marketplace write transactions in flight per HDS in this process. Every audited change of an
 * HDS waits for that HDS's audit chain (one writer at a time), so more trades of one HDS in
 * flight than a few only park database connections on that lock — connections the sign-in check,
 * the reads and the quick refusals of everyone else need. Past the limit, trades wait here, in
 * memory, first come first served.
 */
export class HdsGate {
  private readonly lanes = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(readonly limit: number) {}

  async run<T>(hdsId: string, work: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(hdsId);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(hdsId, lane);
    }
    if (lane.active < this.limit) {
      lane.active += 1;
    } else {
      const queued = lane;
      // The slot is handed over by the one leaving (see below), so `active` stays as it is.
      await new Promise<void>((resolve) => queued.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = lane.waiting.shift();
      if (next) {
        next();
      } else {
        lane.active -= 1;
        if (lane.active === 0) this.lanes.delete(hdsId);
      }
    }
  }

  /** For tests and metrics: in flight and waiting for one HDS. */
  load(hdsId: string): { active: number; waiting: number } {
    const lane = this.lanes.get(hdsId);
    return { active: lane?.active ?? 0, waiting: lane?.waiting.length ?? 0 };
  }
}

/** Trades of one HDS in flight per API process. */
export const TRADES_IN_FLIGHT_PER_HDS = 8;

@Injectable()
export class MarketplaceGate extends HdsGate {
  constructor() {
    super(TRADES_IN_FLIGHT_PER_HDS);
  }
}
