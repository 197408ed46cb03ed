import { resolve } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type TariffTable, loadTariffTables, validateTariffTables } from '@anw/tariffs';
import { TariffRevisionEntity } from './entities/tariff-revision.entity.js';
import { engine } from './tariffs.errors.js';

/** The NZa base tables, relative to the working directory the apps start in (the repository root). */
export const NZA_TARIFF_DIR = 'config/tariffs';

export enum TableOrigin {
  Nza = 'nza',
  Revision = 'revision',
}

export interface TableView extends TariffTable {
  origin: TableOrigin;
  /** the tariff revision that stored this version for the HDS */
  revisionId: string | null;
  /** false for a version a later one replaced */
  inForce: boolean;
}

export interface HdsTables {
  /** the set each minute is priced with: per table id the highest version, sorted by effectiveFrom */
  inForce: TariffTable[];
  /** every known version, by id then version */
  versions: TableView[];
}

/**
 * The tariff tables: the NZa maxima from `config/tariffs/` (read and validated once at startup;
 * a bad file stops the boot) and, per HDS, the revised versions its tariff revisions stored.
 */
@Injectable()
export class TariffTablesService implements OnModuleInit {
  private nza: readonly TariffTable[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    this.nza = Object.freeze(await loadTariffTables(resolve(process.cwd(), NZA_TARIFF_DIR)));
  }

  nzaTables(): readonly TariffTable[] {
    return this.nza;
  }

  async forHds(hdsId: string, manager: EntityManager = this.dataSource.manager): Promise<HdsTables> {
    const revisions = await manager.find(TariffRevisionEntity, {
      where: { hdsId },
      select: { id: true, tableId: true, version: true, table: true },
      order: { tableId: 'ASC', version: 'ASC' },
    });
    const versions: TableView[] = [
      ...this.nza.map((t) => ({ ...t, origin: TableOrigin.Nza, revisionId: null, inForce: false })),
      ...revisions.map((r) => ({ ...r.table, origin: TableOrigin.Revision, revisionId: r.id, inForce: false })),
    ];
    // Per id the highest version is in force; on a tie the HDS's own revision wins.
    const current = new Map<string, TableView>();
    for (const view of versions) {
      const known = current.get(view.id);
      if (!known || view.version >= known.version) current.set(view.id, view);
    }
    for (const view of current.values()) view.inForce = true;
    const inForce = engine(() => validateTariffTables([...current.values()].map(plainTable)));
    versions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
    return { inForce, versions };
  }
}

/** A TariffTable without the view's extra fields. */
export function plainTable(view: TariffTable): TariffTable {
  return {
    id: view.id,
    version: view.version,
    source: view.source,
    effectiveFrom: view.effectiveFrom,
    ...(view.effectiveTo !== undefined ? { effectiveTo: view.effectiveTo } : {}),
    centsPerHour: { ...view.centsPerHour },
  };
}
