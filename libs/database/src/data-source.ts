import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@anw/platform';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

// A SQL `date` is a calendar date, not an instant: raw queries get 'YYYY-MM-DD' like the entities do.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** The one data source: used by the apps (through TypeOrmModule), the migration runner and tests. */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // Connections kept open (pg-pool closes idle ones above `min` after a minute): a burst after a
    // quiet spell does not first wait for new backends (DatabaseModule opens them at start).
    extra: { max: config.database.poolSize, min: config.database.poolMin ?? 0, idleTimeoutMillis: 60_000 },
    ...(config.database.readUrl
      ? { replication: { master: { url: config.database.url }, slaves: [{ url: config.database.readUrl }] } }
      : {}),
  };
}

export function createDataSource(config: Pick<AppConfig, 'database'>): DataSource {
  return new DataSource(dataSourceOptions(config));
}
