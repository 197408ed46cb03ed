import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

/** Written by `npm run demo` while it runs: the addresses of its servers, in dotenv form. */
export const DEMO_ENV_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.run', 'demo', 'env');

/**
 * The running demo's settings for a command that needs the database, when the environment names
 * none: so the README's commands work as printed beside `npm run demo`. Empty when DATABASE_URL is
 * set or no demo runs.
 */
export function demoEnvironment(env: Record<string, string | undefined>, file = DEMO_ENV_FILE): Record<string, string> {
  if (env.DATABASE_URL) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = parseEnv(text) as Record<string, string>;
  return parsed.DATABASE_URL ? parsed : {};
}
