// `node dist/libs/demo/src/run-demo-seed.js`: loads the demo data (used by npm run demo).
import 'reflect-metadata';
import { createDataSource } from '@anw/database';
import { loadConfig } from '@anw/platform';
import { seedDemo } from './demo-seed.js';

async function main(): Promise<void> {
  const dataSource = createDataSource(loadConfig());
  await dataSource.initialize();
  try {
    const summary = await seedDemo(dataSource);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
