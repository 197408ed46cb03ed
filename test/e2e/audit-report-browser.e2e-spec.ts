import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client } from '../support/http.js';
import { startApi, type TestApp } from '../support/test-app.js';
import { type AuditScenario, buildAuditScenario } from './audit-scenario.js';

/** Debian's chromium, installed when absent (the machines run as root; CI installs it here too). */
function chromium(): string {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const apt = (...args: string[]): void => {
    execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 540_000 });
  };
  try {
    apt('install', '-y', '-qq', 'chromium');
  } catch {
    // a fresh machine has no package lists yet
    apt('update', '-qq');
    apt('install', '-y', '-qq', 'chromium');
  }
  return '/usr/bin/chromium';
}

/** Runs a program without blocking the event loop: the API it visits lives in this process. */
function runAsync(program: string, args: string[], timeoutMs: number): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { timeout: timeoutMs, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('audit HTML report in a browser (e2e)', () => {
  let sut: TestApp;
  let s: AuditScenario;
  let dir: string;
  let browser: string;

  beforeAll(async () => {
    browser = chromium();
    sut = await startApi();
    s = await buildAuditScenario(sut);
    dir = mkdtempSync(join(tmpdir(), 'anw-audit-report-'));
  }, 600_000);
  afterAll(async () => {
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the report with its SVG charts in headless Chromium', async () => {
    const call = client(sut.url);
    const link = await call('GET', `${s.base}/audit/report-link?from=2027-05-31&to=2027-06-08`, { token: s.tenant.tokens.planner });
    expect(link.status).toBe(200);
    const url = `${sut.url}${link.body.path}`;

    const html = await call('GET', link.body.path);
    expect(html.status).toBe(200);
    // three charts, rendered on the server: burden against share, deviations, coverage
    expect(html.text.match(/<svg/g)?.length).toBe(3);
    expect(html.text).toContain('Belasting tegen eerlijk aandeel');
    expect(html.text).toContain('Bezetting per dag');
    expect(html.text).toContain('Dr. Bakker');
    expect(html.text).toContain('het rooster sluit niet');
    expect(html.text).not.toMatch(/<script/i);

    const screenshot = join(dir, 'report.png');
    const run = await runAsync(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--screenshot=${screenshot}`,
        '--window-size=1280,2000',
        url,
      ],
      90_000,
    );
    if (!existsSync(screenshot)) throw new Error(`chromium gaf geen schermafdruk: ${run.status} ${run.stderr}`);
    // Set AUDIT_REPORT_SCREENSHOT=/some/file.png to keep the picture and look at it.
    if (process.env.AUDIT_REPORT_SCREENSHOT) copyFileSync(screenshot, process.env.AUDIT_REPORT_SCREENSHOT);
    const png = readFileSync(screenshot);
    expect(pngSize(png)).toEqual({ width: 1280, height: 2000 });
    // A page of text, tables and charts compresses to well above a blank page's few kilobytes.
    expect(statSync(screenshot).size).toBeGreaterThan(60_000);
  }, 120_000);
});
