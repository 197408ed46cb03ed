import { resolve } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type TariffTable, loadTariffTables } from '@anw/tariffs';
import { quoteShift, type ShiftToQuote, type TariffQuote } from './domain/tariff-quote.js';

/** The NZa tables, relative to the working directory the apps start in (the repository root). */
export const MARKET_TARIFF_DIR = 'config/tariffs';

/** What an open dienst pays: the NZa maximum tables are read once at startup (a bad file stops the boot). */
@Injectable()
export class MarketplaceTariffs implements OnModuleInit {
  private tables: readonly TariffTable[] = [];

  async onModuleInit(): Promise<void> {
    this.tables = Object.freeze(await loadTariffTables(resolve(process.cwd(), MARKET_TARIFF_DIR)));
  }

  quote(shift: ShiftToQuote, eveningStart: string): TariffQuote {
    return quoteShift(shift, this.tables, eveningStart);
  }
}
