// `node dist/libs/demo/src/run-demo-seed.js`: loads the demo data (used by npm run demo) through
// the same services as the API, and prints a JSON summary on stdout.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DemoSeedModule, seedDemo } from './demo-seed.js';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(DemoSeedModule, { logger: ['error', 'warn'] });
  try {
    const summary = await seedDemo(app);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
