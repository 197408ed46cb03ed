import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_FLAGS, missingNodeFlags } from './node-flags.js';

const read = (path: string): string => readFileSync(join(process.cwd(), path), 'utf8');

describe('the API’s V8 flags', () => {
  it('are passed wherever the API is started', () => {
    const launches: Record<string, RegExp> = {
      Dockerfile: /^CMD \[(.*)\]$/m,
      'deploy/k8s/20-api.yaml': /command: \[(.*"dist\/apps\/api\/src\/main\.js".*)\]/,
      'deploy/docker-compose.yml': /command: \[(.*"dist\/apps\/api\/src\/main\.js".*)\]/,
      'package.json': /"start:api": "(node [^"]*)"/,
      'scripts/demo.sh': /^(node .*dist\/apps\/api\/src\/main\.js)/m,
    };
    const withoutFlags = Object.entries(launches).flatMap(([file, pattern]) => {
      const command = read(file).match(pattern)?.[1];
      if (command === undefined) return [`${file}: no API command found`];
      return missingNodeFlags(command.split(/[\s,"]+/)).map((flag) => `${file}: ${flag}`);
    });
    expect(withoutFlags).toEqual([]);
  });

  it('names what this process lacks', () => {
    expect(missingNodeFlags(['--no-memory-reducer', '--enable-source-maps'])).toEqual([]);
    expect(missingNodeFlags([])).toEqual([...API_NODE_FLAGS]);
  });
});
