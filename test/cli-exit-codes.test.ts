/**
 * Exit codes of the `callflow` commands, run as the real CLI in child processes: scripts and CI
 * read nothing else, so each command that can fail must exit 1 when it does — and 0 when it does
 * not — with the line that says why. (`validate` is covered in hostile-input.test.ts.) Each spawn
 * pays tsx's start-up, so the checks are grouped and run side by side.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { formatFlow } from '../engine/blocks/language.ts';
import type { Scenario } from '../engine/core/sim/scenario.ts';
import { ROOT } from '../engine/node/paths.ts';
import { GOLD_TIER, HELP_DESK, helpDeskFolder } from './support/help-desk.ts';

const CLI = join(ROOT, 'bin', 'callflow.js');
/** The environment without the bot's settings, so that the machine's own cannot change an outcome. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AZURE_|CALLFLOW_|PORT$|HOST$)/.test(name)));

interface Run {
  /** The exit code, or why the process did not exit by itself. */
  code: number | string;
  stdout: string;
  stderr: string;
  lines: string[];
}

/** Spawns at a time: tsx's start-up is CPU-bound, and more at once would only queue for the cores. */
const SPAWNS = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function callflow(args: string[], options: { env?: Record<string, string>; cli?: string } = {}): Promise<Run> {
  if (running >= SPAWNS) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await new Promise((resolve) => {
      execFile(process.execPath, [options.cli ?? CLI, ...args], { cwd: ROOT, env: { ...ENV, ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : `killed: ${error.message}`) : 0;
        resolve({ code, stdout, stderr, lines: `${stdout}${stderr}`.split('\n').filter(Boolean) });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const passing = (name: string, steps: Scenario['steps']): Scenario => ({ name, http: [GOLD_TIER], steps });
const KNOWN_CALLER = passing('A known caller who presses 1 is transferred as gold.', [
  { expect: { play: 'menu' } },
  { expect: { variable: { name: 'tier', value: 'gold' } } },
  { press: '1' },
  { expect: { state: 'agent' } },
  { expect: { transfer: { phone: '+14255550101' } } },
  { expect: { ended: true } },
]);
const LEAVES = passing('A caller who presses 2 hears goodbye.', [
  { expect: { play: 'menu' } },
  { press: '2' },
  { expect: { play: 'goodbye' } },
  { expect: { hangup: true } },
]);
const WRONG_TIER = passing('A known caller is silver.', [{ expect: { play: 'menu' } }, { expect: { variable: { name: 'tier', value: 'silver' } } }]);

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
let clean: string;
let passingTests: string;
let failingTests: string;
let unreachable: string;
let messy: string;
let broken: string;
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
beforeAll(() => {
  clean = helpDeskFolder();
  passingTests = helpDeskFolder([KNOWN_CALLER, LEAVES]);
  failingTests = helpDeskFolder([KNOWN_CALLER, WRONG_TIER]);
  dirs.push(clean, passingTests, failingTests);
  // A state nothing leads to: a warning, not an error.
  unreachable = join(temp('callflow-cli-'), 'help-desk.flow.json');
  cpSync(join(clean, 'prompts'), join(unreachable, '..', 'prompts'), { recursive: true });
  writeFileSync(unreachable, formatFlow({ ...HELP_DESK, states: { ...HELP_DESK.states, spare: { type: 'hangup' } } }));
  // Valid, but on one line.
  messy = join(temp('callflow-cli-'), 'help-desk.flow.json');
  writeFileSync(messy, JSON.stringify(HELP_DESK));
  // A port that leads nowhere: an error.
  broken = join(temp('callflow-cli-'), 'help-desk.flow.json');
  cpSync(join(clean, 'prompts'), join(broken, '..', 'prompts'), { recursive: true });
  writeFileSync(broken, formatFlow({ ...HELP_DESK, states: { ...HELP_DESK.states, goodbye: { type: 'play', prompts: ['goodbye'], next: 'gone' } } }));
});

describe.concurrent('callflow exit codes', { timeout: 120_000 }, () => {
  it('lint exits 0 on a clean flow and on warnings, 1 on warnings with --strict and on errors', async ({ expect }) => {
    const [ok, strict, errors] = await Promise.all([
      callflow(['lint', clean, unreachable]),
      callflow(['lint', '--strict', unreachable]),
      callflow(['lint', broken]),
    ]);
    const warning = `${unreachable}:87:5  /states/spare  warning  state 'spare' cannot be reached from 'answer' or a flow-wide handler — connect a port to it or delete it`;
    expect(ok).toMatchObject({ code: 0, lines: [warning, '0 error(s), 1 warning(s), 0 note(s)'] });
    expect(strict).toMatchObject({ code: 1, lines: [warning, '0 error(s), 1 warning(s), 0 note(s)'] });
    expect(errors).toMatchObject({
      code: 1,
      lines: [
        `${broken}:82:15  /states/goodbye/next  error  port 'next' of state 'goodbye' goes to 'gone', which is not a state of this flow`,
        `${broken}:84:5  /states/bye  warning  state 'bye' cannot be reached from 'answer' or a flow-wide handler — connect a port to it or delete it`,
        '1 error(s), 1 warning(s), 0 note(s)',
      ],
    });
  });

  it('fmt --check exits 0 on canonical flows and 1 on one that is not, or cannot be read; fmt rewrites it and exits 0', async ({ expect }) => {
    const missing = join(clean, 'missing.flow.json');
    const [canonical, notCanonical] = await Promise.all([callflow(['fmt', '--check', clean]), callflow(['fmt', '--check', messy, missing])]);
    expect(canonical).toMatchObject({ code: 0, stdout: '' });
    expect(notCanonical.code).toBe(1);
    expect(notCanonical.lines).toEqual([`${messy}: not canonical — run callflow fmt ${messy}`, `${missing}:1:1  /  error  cannot read the file: ENOENT`]);
    const formatted = await callflow(['fmt', messy]);
    expect(formatted).toMatchObject({ code: 0, lines: [`${messy}: formatted`] });
    expect(readFileSync(messy, 'utf8')).toBe(readFileSync(join(clean, 'help-desk.flow.json'), 'utf8'));
  });

  it('graph exits 0 with the diagram and 1 on a missing flow, saying it cannot read it', async ({ expect }) => {
    const missing = join(clean, 'missing.flow.json');
    const [ok, absent] = await Promise.all([callflow(['graph', join(clean, 'help-desk.flow.json')]), callflow(['graph', missing])]);
    expect(ok.code).toBe(0);
    expect(ok.lines.slice(0, 2)).toEqual(['stateDiagram-v2', '  [*] --> answer']);
    expect(ok.stdout).toContain('menu --> agent : 1');
    expect(absent).toMatchObject({ code: 1, stdout: '', lines: [`${missing}:1:1  /  error  cannot read the file: ENOENT`] });
  });

  it('test exits 0 when every scenario passes and 1 when one fails, printing the failing step and what no scenario reached', async ({ expect }) => {
    const [ok, failing] = await Promise.all([callflow(['test', passingTests]), callflow(['test', failingTests])]);
    expect(ok).toMatchObject({
      code: 0,
      lines: [
        join(passingTests, 'help-desk.flow.json'),
        `  ✓ ${KNOWN_CALLER.name}`,
        `  ✓ ${LEAVES.name}`,
        '  coverage: 7/7 states, 6/11 ports',
        '  ports no scenario took: lookup:failed, lookup:error, menu:noInput, menu:noMatch, agent:failed',
        '2 scenario(s) passed, 0 failed',
      ],
    });
    expect(failing).toMatchObject({
      code: 1,
      lines: [
        join(failingTests, 'help-desk.flow.json'),
        `  ✓ ${KNOWN_CALLER.name}`,
        `  ✗ ${WRONG_TIER.name}`,
        '      step 2: expected vars.tier to be "silver", but it is "gold"',
        '  coverage: 5/7 states, 4/11 ports',
        '  states no scenario reached: goodbye, bye',
        '  ports no scenario took: lookup:failed, lookup:error, menu:2, menu:noInput, menu:noMatch, agent:failed, goodbye:next',
        '1 scenario(s) passed, 1 failed',
      ],
    });
  });

  it('schema --check exits 0 when schemas/flow.schema.json is current and 1 when it is stale', async ({ expect }) => {
    // The command checks the schema file of the program it runs: a copy of the program with a stale one.
    const copy = temp('callflow-stale-schema-');
    for (const part of ['bin', 'engine', 'schemas', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const stale = join(copy, 'schemas', 'flow.schema.json');
    writeFileSync(stale, readFileSync(stale, 'utf8').replace(/"description": "[^"]*"/, '"description": "an older text"'));
    const [current, outdated] = await Promise.all([
      callflow(['schema', '--check']),
      callflow(['schema', '--check'], { cli: join(copy, 'bin', 'callflow.js') }),
    ]);
    expect(current).toMatchObject({ code: 0, lines: [`${join(ROOT, 'schemas', 'flow.schema.json')} is up to date`] });
    expect(outdated).toMatchObject({ code: 1, lines: [`${stale} is stale — run npm run schema`] });
  });

  it('manifest exits 0 with the permissions the flows need, 1 when a flow has errors', async ({ expect }) => {
    const [ok, failing] = await Promise.all([callflow(['manifest', clean]), callflow(['manifest', broken])]);
    expect(ok.code).toBe(0);
    expect(ok.lines).toEqual(expect.arrayContaining(['  Calls.AccessMedia.All  (help-desk/menu)', '  Calls.Initiate.All  (help-desk/agent)']));
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe(`${broken}: has errors — run callflow lint ${broken}\n`);
  });

  it('serve exits 1 on an invalid configuration, and call exits 1 when no emulator is running', async ({ expect }) => {
    const empty = temp('callflow-no-emulator-');
    const [serve, call] = await Promise.all([
      callflow(['serve', '--no-editor-build'], { env: { PORT: 'abc' } }),
      callflow(['call', '--data-dir', empty, '--to', '+14255550100']),
    ]);
    expect(serve).toMatchObject({ code: 1, lines: ['invalid configuration:', "  PORT: 'abc' is not a whole number from 0 to 65535"] });
    expect(call.code).toBe(1);
    expect(call.lines[0].startsWith(`no running emulator found in ${join(empty, 'emulator.json')}: `)).toBe(true);
  });
});
