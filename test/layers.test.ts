/**
 * The layer rules of `npm run lint` (.dependency-cruiser.cjs) catch imports that go the wrong way:
 * run on a fixture tree where the core imports the session layer, the emulator imports the core
 * and the editor imports the session layer, dependency-cruiser fails and names each rule.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const depcruise = (path: string) =>
  run('npx', ['depcruise', path, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: process.cwd() }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('layer rules', () => {
  it('fail on an upward import and name the rule each one breaks', async () => {
    const { code, stdout } = await depcruise('test/fixtures/layers');
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/core-imports-only-core: test\/fixtures\/layers\/engine\/core\/upward\.ts → \s*test\/fixtures\/layers\/engine\/session\/clock\.ts/);
    expect(stdout).toMatch(/emulator-stands-alone: test\/fixtures\/layers\/engine\/emulator\/shared\.ts/);
    expect(stdout).toMatch(/editor-imports-core-and-blocks: test\/fixtures\/layers\/editor\/src\/page\.ts/);
    expect(stdout).toMatch(/3 dependency violations/);
  });

  it('pass on a layer importing only what is below it', async () => {
    const { code, stdout } = await depcruise('test/fixtures/layers/engine/session');
    expect(stdout).toMatch(/no dependency violations/);
    expect(code).toBe(0);
  });
});
