/**
 * callflow as another repository gets it: `npm pack` (whose prepack runs `npm run build`), a scratch
 * repository made by `callflow init`, the tarball installed into it with npm, and the installed
 * `callflow` run there through npx. It proves that the package holds what the compiled code reads
 * at run time (schemas, templates), that flows are found in the working directory rather than in
 * the package, and that neither tsx nor TypeScript is needed to run it.
 *
 * The install skips install scripts: the only one is better-sqlite3's native build (minutes of
 * g++), which lint and test never load — the SQLite store is opened only by `callflow serve`.
 * README "Installing callflow into another repository" says so and gives the full install.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../engine/node/paths.ts';

/** Our environment without callflow's own settings: the scratch repository must work on its own. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CALLFLOW_')));

interface Run {
  code: number;
  output: string;
  seconds: number;
}

function run(command: string, args: string[], cwd: string, timeout = 600_000): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: ENV, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`, seconds: (performance.now() - started) / 1000 });
    });
  });
}

let work: string;
let repo: string;

/**
 * The checkout as it is (uncommitted changes too) without what its build writes, with its installed
 * node_modules linked: prepack's build writes dist/ and editor/dist/ there, never in the checkout,
 * whose built editor other test runs may be serving meanwhile.
 */
function copyOfCheckout(into: string): string {
  const copy = join(into, 'callflow');
  const left = new Set(['.git', 'node_modules', 'dist', 'data', 'scratch', 'test', '.ci'].map((name) => join(ROOT, name)));
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !left.has(source) && source !== join(ROOT, 'editor', 'dist') });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'callflow-package-'));
  // At a lower priority: prepack's build compiles beside the unit tests, whose timeouts should not depend on it.
  const packed = await run('nice', ['-n', '10', 'npm', 'pack', '--pack-destination', work], copyOfCheckout(work));
  expect(packed.code, packed.output).toBe(0);
  console.log(`npm pack (with prepack's build): ${packed.seconds.toFixed(1)} s`);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();

  repo = join(work, 'flows-repo');
  const init = await run(process.execPath, [join(ROOT, 'bin', 'callflow.js'), 'init', repo], ROOT);
  expect(init.code, init.output).toBe(0);
  const installed = await run('npm', ['install', '--save-dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(work, tarball!)], repo);
  expect(installed.code, installed.output).toBe(0);
  console.log(`npm install of the tarball (no install scripts): ${installed.seconds.toFixed(1)} s`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const npx = (args: string[]) => run('npx', ['--no-install', 'callflow', ...args], repo, 60_000);

describe('the packed callflow installed into a repository made by callflow init', () => {
  it('lints the example flow of the new repository clean', async () => {
    const lint = await npx(['lint']);
    expect(lint.code, lint.output).toBe(0);
    expect(lint.output).toContain('0 error(s)');
  });

  it("passes the example flow's scenarios with callflow test", async () => {
    const test = await npx(['test']);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toContain('flows/welcome.flow.json');
    expect(test.output).toMatch(/2 scenario\(s\) passed, 0 failed/);
  });

  it("reads the repository's own flows: a flow added there with a wrong target fails lint and validate", async () => {
    const flow = JSON.parse(readFileSync(join(repo, 'flows', 'welcome.flow.json'), 'utf8')) as { id: string; states: Record<string, { next?: string }> };
    flow.id = 'broken';
    flow.states.answer.next = 'nowhere';
    writeFileSync(join(repo, 'flows', 'broken.flow.json'), JSON.stringify(flow, null, 2));
    try {
      const lint = await npx(['lint']);
      expect(lint.code).toBe(1);
      expect(lint.output).toMatch(/broken\.flow\.json:\d+:\d+\s+\/states\/answer\/next\s+error/);
      const validate = await npx(['validate', 'flows/broken.flow.json']);
      expect(validate.code).toBe(1);
      expect(validate.output).toContain("'nowhere'");
    } finally {
      rmSync(join(repo, 'flows', 'broken.flow.json'));
    }
  });

  it('runs the compiled JavaScript, with neither tsx nor TypeScript installed', async () => {
    const modules = join(repo, 'node_modules');
    expect(existsSync(join(modules, 'callflow', 'dist', 'engine', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(modules, 'callflow', 'engine'))).toBe(false);
    expect(existsSync(join(modules, 'tsx'))).toBe(false);
    expect(existsSync(join(modules, 'typescript'))).toBe(false);
    const help = await npx(['--help']);
    expect(help.code, help.output).toBe(0);
    expect(help.output).toContain('init');
  });

  it('refuses to scaffold into the now non-empty repository without --force', async () => {
    const again = await npx(['init', '.']);
    expect(again.code).toBe(1);
    expect(again.output).toContain('is not empty');
  });
});
