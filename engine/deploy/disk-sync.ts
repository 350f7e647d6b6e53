/**
 * The flows folder as an input to the deployment: a developer's change there (a `git pull`, an
 * editor on the server) is validated and goes live within a second or two, without a restart. A
 * file with errors is not deployed — the version already live keeps serving — and its problems are
 * shown with the flow. A file whose content is already a version of its flow (what a publish just
 * wrote, or an older copy on another engine's disk) changes nothing: the deploy store, not any one
 * disk, says what is live. routes.json is watched and validated the same way.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { formatFlow } from '../blocks/language.ts';
import { contentHash } from '../core/hash.ts';
import { hasErrors } from '../core/validate.ts';
import { checkFile, FLOW_SUFFIX, flowIdOf, TEST_SUFFIX } from '../node/flow-files.ts';
import { LAYOUT_SUFFIX } from '../node/flow-file-writes.ts';
import type { Logger } from '../session/logger.ts';
import { CallRouter, ROUTES_FILE_NAME, RoutesError } from '../session/routes.ts';
import type { DeployStore } from './deploy-store.ts';
import type { Deployment } from './deployment.ts';
import type { GitRecorder } from './git-recorder.ts';
import type { Publisher } from './publisher.ts';

/** Changes to one file within this long are read once. */
const SETTLE_MS = 150;

export class DiskSync {
  private watcher?: FSWatcher;
  private ready: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();
  private work: Promise<void> = Promise.resolve();
  /** Problems of routes.json when it cannot be used (the published routes keep serving). */
  routesProblems: string[] = [];

  constructor(
    private readonly store: DeployStore,
    private readonly deployment: Deployment,
    private readonly publisher: Publisher,
    private readonly git: GitRecorder,
    private readonly logger?: Logger,
  ) {}

  private get dir(): string {
    return this.deployment.dir;
  }

  /** Deploys every flow file whose content is new, and routes.json. Files absent here retire nothing: another engine may have published them. */
  async syncAll(): Promise<void> {
    const ids = readdirSync(this.dir)
      .filter((name) => name.endsWith(FLOW_SUFFIX))
      .map(flowIdOf)
      .sort();
    // Subflows first where they are used, so a flow's check finds them live: two passes settle any order.
    for (let pass = 0; pass < 2; pass++) for (const id of ids) await this.syncFlow(id, pass === 1);
    await this.syncRoutes();
  }

  /** Watches the folder; each change is read once it has settled. */
  watch(): this {
    this.watcher = watch(this.dir, { depth: 0, ignoreInitial: true, awaitWriteFinish: false });
    const watcher = this.watcher;
    this.ready = new Promise((resolve) => watcher.once('ready', () => resolve()));
    const changed = (path: string, removed: boolean) => {
      const name = basename(path);
      const target =
        name === ROUTES_FILE_NAME
          ? ROUTES_FILE_NAME
          : name.endsWith(FLOW_SUFFIX)
            ? flowIdOf(name)
            : name.endsWith(TEST_SUFFIX)
              ? name.slice(0, -TEST_SUFFIX.length)
              : undefined;
      if (!target || name.endsWith(LAYOUT_SUFFIX) || name.endsWith('.tmp')) return;
      clearTimeout(this.waiting.get(target));
      this.waiting.set(
        target,
        setTimeout(() => {
          this.waiting.delete(target);
          this.work = this.work
            .then(() => (target === ROUTES_FILE_NAME ? this.syncRoutes() : this.syncFlow(target, true, removed && name.endsWith(FLOW_SUFFIX))))
            .catch((error: unknown) => this.logger?.error({ err: error, file: name }, 'a change in the flows folder could not be deployed'));
        }, SETTLE_MS),
      );
    };
    this.watcher.on('add', (path) => changed(path, false));
    this.watcher.on('change', (path) => changed(path, false));
    this.watcher.on('unlink', (path) => changed(path, true));
    return this;
  }

  /** Resolves once the watcher is ready and every change seen so far has been handled. */
  async settled(): Promise<void> {
    await this.ready;
    while (this.waiting.size) await new Promise((wait) => setTimeout(wait, SETTLE_MS));
    await this.work;
  }

  async close(): Promise<void> {
    this.waiting.forEach((timer) => clearTimeout(timer));
    this.waiting.clear();
    await this.watcher?.close();
  }

  /** Deploys one flow's files as they are now (after a write through the API); retires it when its file is gone. */
  deployFile(flowId: string): Promise<void> {
    this.work = this.work.then(() => this.syncFlow(flowId, true, true));
    return this.work;
  }

  private async syncFlow(flowId: string, report: boolean, removed = false): Promise<void> {
    const file = join(this.dir, `${flowId}${FLOW_SUFFIX}`);
    if (!existsSync(file)) {
      this.deployment.reportDisk(flowId, undefined);
      if (removed) await this.retire(flowId);
      return;
    }
    const checked = checkFile(file);
    if (!checked.flow || hasErrors(checked.problems)) {
      if (report) {
        this.deployment.reportDisk(flowId, checked.problems);
        this.logger?.warn(
          { flowId, problems: checked.problems.filter((p) => p.severity === 'error').length },
          'a flow file with errors is not deployed; the live version keeps serving',
        );
      }
      return;
    }
    this.deployment.reportDisk(flowId, undefined);
    const testsFile = join(this.dir, `${flowId}${TEST_SUFFIX}`);
    const tests = existsSync(testsFile) ? readFileSync(testsFile, 'utf8') : undefined;
    const hash = contentHash(formatFlow(checked.flow));
    const versions = await this.store.versions(flowId);
    const newest = versions[0];
    if (versions.some((version) => version.version === hash) && (!newest || newest.version !== hash || sameTests(newest.files.tests, tests))) return;
    const change = await this.git.lastChange(file);
    const outcome = await this.publisher.publish({
      flowId,
      files: { flow: checked.text, ...(tests !== undefined ? { tests } : {}) },
      author: change?.author ?? 'the flows folder',
      message: change?.message ?? `${flowId}${FLOW_SUFFIX} changed in the flows folder`,
      source: 'disk',
      scenarios: false,
      // Against what this sync saw: another engine that published the same files meanwhile wins.
      expectedNumber: newest?.number ?? 0,
    });
    if ('published' in outcome) {
      if (change) await this.store.recordCommit(flowId, outcome.published.number, change.hash);
      this.logger?.info({ flowId, number: outcome.published.number }, 'deployed from the flows folder');
    } else if (outcome.refused === 'problems') this.deployment.reportDisk(flowId, outcome.problems);
  }

  private async retire(flowId: string): Promise<void> {
    const newest = (await this.store.versions(flowId))[0]?.number;
    if (newest !== undefined && (await this.store.retire(flowId, newest))) {
      await this.deployment.refresh();
      this.logger?.info({ flowId }, 'removed from the flows folder: no longer live');
    }
  }

  private async syncRoutes(): Promise<void> {
    const file = join(this.dir, ROUTES_FILE_NAME);
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    try {
      CallRouter.fromText(text, file);
      this.routesProblems = [];
    } catch (error) {
      this.routesProblems = error instanceof RoutesError ? error.problems : [(error as Error).message];
      this.logger?.warn({ problems: this.routesProblems }, 'routes.json cannot be used; the published routes keep serving');
      return;
    }
    const current = await this.store.routes();
    if (current?.text === text) return;
    const change = await this.git.lastChange(file);
    if ((await this.store.publishRoutes(text, change?.author ?? 'the flows folder', Date.now(), current?.number ?? 0)) !== undefined)
      await this.deployment.refresh();
  }
}

function sameTests(a: string | undefined, b: string | undefined): boolean {
  const normal = (text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return JSON.stringify(JSON.parse(text));
    } catch {
      return text;
    }
  };
  return normal(a) === normal(b);
}
