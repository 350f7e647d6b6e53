/**
 * The flows folder as developers change it: a file edited on disk (as a `git pull` would) is live
 * for new calls within 2 s without a restart, a broken one keeps the last good version live and
 * reports its problems, and in a git work tree every publish is one commit with the publisher as
 * author and the message as its message.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeployment, type DeploymentParts } from '../engine/deploy/open-deployment.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { MemoryDeployStore } from '../engine/store/memory-deploy-store.ts';

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));
const words = (parts: DeploymentParts) => parts.deployment.latest('main-menu')?.flow.prompts?.welcome['en-US'].text;

async function within(ms: number, what: string, check: () => boolean): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe('a watched flows folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-watch-'));
  let parts: DeploymentParts;
  beforeAll(async () => {
    cpSync(FLOWS_DIR, dir, { recursive: true });
    parts = await openDeployment({ dir, store: new MemoryDeployStore(), watch: true, pollMs: 100 });
    await parts.disk.settled();
  });
  afterAll(() => parts.stop());

  it('deploys a file changed by hand within 2 s, as a new version from the folder', async () => {
    const file = join(dir, 'main-menu.flow.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Thank you for calling Contoso.', 'Contoso, pulled from git.'));
    const tookMs = await within(2000, 'the change going live', () => words(parts) === 'Contoso, pulled from git.');
    expect(tookMs).toBeLessThan(2000);
    expect((await parts.store.versions('main-menu'))[0]).toMatchObject({ number: 2, source: 'disk' });
  });

  it('keeps the last good version live when the file breaks, and reports its problems', async () => {
    const file = join(dir, 'main-menu.flow.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"start": "answer"', '"start": "nowhere"'));
    await within(2000, 'the problems being reported', () => (parts.deployment.get('main-menu')?.problems.length ?? 0) > 0);
    expect(parts.deployment.get('main-menu')?.problems.map((p) => p.code)).toContain('ref.unknown-target');
    expect(words(parts)).toBe('Contoso, pulled from git.');
    expect((await parts.store.versions('main-menu'))[0].number).toBe(2);
  });
});

describe('publishing in a git work tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'callflow-git-'));
  const dir = join(root, 'flows');
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  let parts: DeploymentParts;
  beforeAll(async () => {
    cpSync(FLOWS_DIR, dir, { recursive: true });
    git('init', '--quiet');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@contoso.com', 'add', '.');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@contoso.com', 'commit', '--quiet', '-m', 'The flows');
    parts = await openDeployment({ dir, store: new MemoryDeployStore() });
  });
  afterAll(() => parts.stop());

  it('records versions found in the folder with their git author and commit', async () => {
    const [first] = await parts.store.versions('main-menu');
    expect(first).toMatchObject({ number: 1, source: 'disk', author: 'Dev <dev@contoso.com>', message: 'The flows', commit: git('rev-parse', 'HEAD') });
  });

  it('makes one commit per publish, with the publisher as author and the message as its message', async () => {
    const before = Number(git('rev-list', '--count', 'HEAD'));
    const flow = JSON.parse(readFileSync(join(dir, 'main-menu.flow.json'), 'utf8'));
    flow.prompts.welcome['en-US'].text = 'Welcome, committed.';
    const outcome = await parts.publisher.publish({
      flowId: 'main-menu',
      files: { flow: JSON.stringify(flow), tests: readFileSync(join(dir, 'main-menu.test.json'), 'utf8') },
      author: 'Ana Lyst <ana@contoso.com>',
      message: 'Friendlier welcome',
      source: 'publish',
      scenarios: true,
    });
    expect('published' in outcome).toBe(true);
    expect(Number(git('rev-list', '--count', 'HEAD'))).toBe(before + 1);
    expect(git('log', '-1', '--format=%an <%ae>|%s')).toBe('Ana Lyst <ana@contoso.com>|Friendlier welcome');
    // The scenarios were written unchanged: only the flow is in the commit.
    expect(git('show', '--name-only', '--format=', 'HEAD').split('\n')).toEqual(['flows/main-menu.flow.json']);
    expect((await parts.store.versions('main-menu'))[0]).toMatchObject({ number: 2, commit: git('rev-parse', 'HEAD') });
    expect(git('status', '--porcelain')).toBe('');
  });
});

describe('a publish while the store is being polled', () => {
  it('is what the next call gets once the publish has answered, even when a poll read the store just before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callflow-race-'));
    cpSync(FLOWS_DIR, dir, { recursive: true });
    const store = new MemoryDeployStore();
    const parts = await openDeployment({ dir, store });
    try {
      // A poll's reload reads the epoch and is still reading the live set when the publish lands.
      let releaseLive!: () => void;
      const liveHeld = new Promise<void>((resolve) => (releaseLive = resolve));
      const live = store.live.bind(store);
      let holdNext = true;
      store.live = async () => {
        const answer = await live();
        if (holdNext) {
          holdNext = false;
          await liveHeld;
        }
        return answer;
      };
      store.epoch = (
        (epoch) => async () =>
          (await epoch()) + 1_000
      )(store.epoch.bind(store));
      const poll = parts.deployment.refresh();
      await sleep(20);
      const text = readFileSync(join(dir, 'main-menu.flow.json'), 'utf8').replace('Thank you for calling Contoso.', 'Published meanwhile.');
      const publishing = parts.publisher.publish({
        flowId: 'main-menu',
        files: { flow: text },
        author: 'test',
        message: 'meanwhile',
        source: 'publish',
        scenarios: false,
      });
      await sleep(20);
      releaseLive();
      const outcome = await publishing;
      expect('published' in outcome).toBe(true);
      expect(words(parts)).toBe('Published meanwhile.');
      await poll;
    } finally {
      await parts.stop();
    }
  });
});
