/**
 * The README's test command works on a fresh Debian machine: `npm test` itself installs the Debian
 * packages the tests use (scripts/ensure-system-packages.mjs, first), the script knows every
 * binary the test setups look for, and CI goes through the same script and the same command, so a
 * package only CI installed could not hide from a new user again.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from './e2e/harness.ts';
import { REDIS_SERVER } from './support/redis-global-setup.ts';

const ENSURE = 'node scripts/ensure-system-packages.mjs';
const packages = JSON.parse(execFileSync('node', ['scripts/ensure-system-packages.mjs', '--list'], { encoding: 'utf8' })) as Record<string, string>;

describe('the test command on a fresh machine', () => {
  it('installs the Debian packages before anything else runs', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test.startsWith(`${ENSURE} && `)).toBe(true);
  });

  it('knows every binary the test setups need', () => {
    expect(Object.values(packages)).toEqual(expect.arrayContaining([CHROMIUM, REDIS_SERVER]));
    expect(packages).toMatchObject({ chromium: CHROMIUM, 'redis-server': REDIS_SERVER });
  });

  it('is what CI runs, through the same install script', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toContain(ENSURE);
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test\b/m);
    expect(ci).not.toMatch(/apt-get install/);
  });
});
