import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { run } from './tenants.js';

describe('anw tenants (bad input, before any database)', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    [['foo'], 'onbekend tenants-commando: foo'],
    [['hds', 'create', '--region', 'nope', '--code', 'A1', '--name', 'X'], '--region moet een uuid zijn: nope'],
    [['hds', 'create', '--code', 'A1', '--name', 'X'], '--region ontbreekt'],
    [['regions', 'rename', '--name', 'X'], '--id ontbreekt'],
    [['hds', 'rename', '--hds', 'A1'], 'geef --code en/of --name'],
    [['regions', 'list', '--page', '0'], '--page is een geheel getal'],
    [['regions', 'list', '--what'], 'onbekende optie: --what'],
  ])('%j: exit 2, one line on stderr', async (args, message) => {
    expect(await run(args)).toBe(2);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(message);
  });
});
