import type { DataSource } from 'typeorm';
import { CliInputError } from './commands/classify.js';
import { demoEnvironment } from './demo-env.js';

// Commands open only the database: the apps' other required settings get inert stand-ins.
const CLI_DEFAULTS = { REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'cli-does-not-sign-tokens-cli-does-not-sign' };

/**
 * Runs `work` on an initialised data source for DATABASE_URL, else the running demo's database
 * (said on stderr); bad settings are the user's input (one line, exit 2). Loaded lazily: the data
 * source brings in every entity of every context, so commands check their arguments first.
 */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const [{ createDataSource }, { ConfigError, loadConfig }] = await Promise.all([import('@anw/database'), import('@anw/platform')]);
  let config;
  try {
    const demo = demoEnvironment(process.env);
    if (!process.env.DATABASE_URL && !demo.DATABASE_URL) throw new CliInputError('DATABASE_URL is niet gezet en er draait geen demo: zet DATABASE_URL=postgres://… of start npm run demo');
    if (demo.DATABASE_URL) process.stderr.write('DATABASE_URL is niet gezet: de database van de draaiende demo (.run/demo/env) wordt gebruikt\n');
    config = loadConfig({ ...CLI_DEFAULTS, ...demo, ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliInputError(error.problems.join('; '));
    throw error;
  }
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
