/**
 * `callflow diff` as people and git run it: the real CLI on two versions of the main menu, on files
 * that are not flows (exit 1, problems in the usual format), and as git's external diff driver in a
 * throwaway repository — `git diff` and `git log -p --ext-diff` (a flow added, changed, renamed)
 * print the changed state and its pointer. Spawning tsx costs a second or two, so the spawns are
 * few; the driver's other calling conventions run in-process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffCommand } from '../engine/cli/commands/diff.ts';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';

const run = promisify(execFile);
const CLI = join(ROOT, 'bin', 'callflow.js');
const ORIGINAL = readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8');
/** The main menu with the welcome's words changed and key 2 sent to the hang-up. */
const CHANGED = ORIGINAL.replace('"Thank you for calling Contoso."', '"Thanks for calling Contoso."').replace('"2": "support"', '"2": "hangup"');
const EXPECTED = [
  `/prompts/welcome/en-US/text  Prompt 'welcome' (en-US) words changed from "Thank you for calling Contoso." to "Thanks for calling Contoso."`,
  "/states/mainMenu/choices/2  State 'mainMenu' (menu): port 2 now goes to 'hangup' instead of 'support'",
  '2 changes',
];
/** No git or callflow setting of this machine may change an outcome. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GIT_|AZURE_|CALLFLOW_)/.test(name)));

async function callflow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, env: ENV, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callflow-diff-'));
  writeFileSync(join(dir, 'old.flow.json'), ORIGINAL);
  writeFileSync(join(dir, 'new.flow.json'), CHANGED);
  writeFileSync(join(dir, 'broken.flow.json'), ORIGINAL.replace('"start": "answer"', '"start": 5'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('callflow diff', () => {
  it('prints each change as `<pointer>  <sentence>` and how many, exit 0', async () => {
    const result = await callflow(['diff', join(dir, 'old.flow.json'), join(dir, 'new.flow.json')]);
    expect(result).toEqual({ code: 0, stdout: `${EXPECTED.join('\n')}\n`, stderr: '' });
  });

  it('exits 1 on a file that is not a flow or cannot be read, with `file:line:col  /pointer  error  message`', async () => {
    const broken = join(dir, 'broken.flow.json');
    const result = await callflow(['diff', broken, join(dir, 'missing.flow.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${broken}:7:12  /start  error  `)),
      `${join(dir, 'missing.flow.json')}:1:1  /  error  cannot read the file: ENOENT`,
    ]);
  });

  it('works as git’s diff driver for `git diff` and `git log -p --ext-diff`, new and renamed files included', async () => {
    const repo = mkdtempSync(join(dir, 'repo-'));
    const git = async (...args: string[]) =>
      (await run('/usr/bin/git', args, { cwd: repo, env: { ...ENV, HOME: repo, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat' }, timeout: 60_000 })).stdout;
    await git('init', '-q');
    await git('config', 'user.name', 'Reviewer');
    await git('config', 'user.email', 'reviewer@example.com');
    await git('config', 'diff.callflow.command', `node '${CLI}' diff`);
    writeFileSync(join(repo, '.gitattributes'), '*.flow.json diff=callflow\n');
    writeFileSync(join(repo, 'main-menu.flow.json'), ORIGINAL);
    await git('add', '.');
    await git('commit', '-qm', 'main menu');
    writeFileSync(join(repo, 'main-menu.flow.json'), CHANGED);

    const header = 'diff --callflow a/main-menu.flow.json b/main-menu.flow.json';
    expect(await git('diff')).toBe(`${[header, ...EXPECTED].join('\n')}\n`);

    await git('commit', '-qam', 'shorter welcome, key 2 hangs up');
    await git('mv', 'main-menu.flow.json', 'contoso.flow.json');
    await git('commit', '-qm', 'renamed');
    const log = (await git('log', '-p', '--ext-diff', '-M', '--format=commit %s')).split('\n');
    const from = (subject: string) => log.slice(log.indexOf(`commit ${subject}`) + 1);
    expect(from('renamed').slice(0, 6)).toEqual([
      '',
      'diff --callflow a/main-menu.flow.json b/contoso.flow.json',
      'similarity index 100%',
      'rename from main-menu.flow.json',
      'rename to contoso.flow.json',
      'no changes',
    ]);
    expect(from('shorter welcome, key 2 hangs up').slice(0, 5)).toEqual(['', header, ...EXPECTED]);
    expect(from('main menu')).toContain(`/  Flow 'main-menu' ("Contoso main line") added with 10 states, starting at 'answer'`);
    expect(from('main menu')).toContain(
      "/states/mainMenu  State 'mainMenu' (menu) added; port 0 goes to 'holdForOperator', port 1 goes to 'sales', port 2 goes to 'support', port noInput goes to 'holdForOperator', port noMatch goes to 'holdForOperator'",
    );
  });
});

describe('callflow diff, its other calling conventions (in-process)', () => {
  let out: string[];
  let err: string[];
  const capture = () => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  };
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('says "no changes" for the same flow twice and for /dev/null on both sides', async () => {
    capture();
    expect(await diffCommand([join(dir, 'old.flow.json'), join(dir, 'old.flow.json')])).toBe(0);
    expect(await diffCommand(['/dev/null', '/dev/null'])).toBe(0);
    expect(out).toEqual(['no changes', 'no changes']);
  });

  it('as a git driver, reports a side that is not a flow in its output and exits 0, so git goes on to the next file', async () => {
    capture();
    const code = await diffCommand([
      'main-menu.flow.json',
      join(dir, 'old.flow.json'),
      'a'.repeat(40),
      '100644',
      join(dir, 'broken.flow.json'),
      '0'.repeat(40),
      '100644',
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      'diff --callflow a/main-menu.flow.json b/main-menu.flow.json',
      expect.stringMatching(/^b\/main-menu\.flow\.json:7:12 {2}\/start {2}error {2}/),
      'not compared: a side is not a valid flow',
    ]);
  });

  it('prints git’s line for an unmerged path (one argument, called by git), and refuses other argument counts', async () => {
    capture();
    vi.stubEnv('GIT_DIFF_PATH_COUNTER', '1');
    expect(await diffCommand(['main-menu.flow.json'])).toBe(0);
    expect(out).toEqual(['* Unmerged path main-menu.flow.json']);
    vi.unstubAllEnvs();
    delete process.env.GIT_DIFF_PATH_COUNTER;
    expect(await diffCommand(['main-menu.flow.json'])).toBe(1);
    expect(await diffCommand(['a', 'b', 'c'])).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^usage: callflow diff <old> <new>/), expect.stringMatching(/^usage: /)]);
  });
});
