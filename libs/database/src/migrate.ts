// `npm run migration:run | migration:revert | migration:generate -- Name`: the explicit migration
// step (apps never migrate silently at boot). `generate` diffs the entities against the database
// and writes a migration with `up` and `down`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@anw/platform';
import { createDataSource } from './data-source.js';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const dataSource = createDataSource(loadConfig());
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`migrations applied: ${done.map((m) => m.name).join(', ') || '(none pending)'}\n`);
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('last migration reverted\n');
    } else if (command === 'generate' && name) {
      const sql = await dataSource.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        process.stdout.write('no schema changes\n');
        return;
      }
      const stamp = Date.now();
      const className = `${name}${stamp}`;
      const q = (s: string): string => `    await queryRunner.query(${JSON.stringify(s)});`;
      const body = [
        "import type { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        `export class ${className} implements MigrationInterface {`,
        `  name = '${className}';`,
        '',
        '  async up(queryRunner: QueryRunner): Promise<void> {',
        ...sql.upQueries.map((x) => q(x.query)),
        '  }',
        '',
        '  async down(queryRunner: QueryRunner): Promise<void> {',
        ...sql.downQueries.reverse().map((x) => q(x.query)),
        '  }',
        '}',
        '',
      ].join('\n');
      const file = resolve('libs/database/src/migrations', `${stamp}-${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`);
      writeFileSync(file, body);
      process.stdout.write(`written ${file}; add ${className} to migrations/index.ts\n`);
    } else {
      throw new Error('gebruik: migrate run | revert | generate <Naam>');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
