/**
 * The flows this engine serves: the live set of the deploy store, compiled, and the published
 * routes. New calls take the live version of their flow; a call keeps the version it started on
 * (`version`, and the pinned documents of engine/session/pinned-flows.ts). Every engine of a
 * cluster reads the same store and reloads within a poll of its epoch, so a publish through one
 * engine reaches new calls on all of them within a second. A flows-folder file with errors is never
 * deployed; its problems are shown beside the version that keeps serving (`reportDisk`).
 */
import { compile } from '../blocks/language.ts';
import type { CompiledFlow } from '../core/compile.ts';
import { contentHash } from '../core/hash.ts';
import type { FlowDocument, LoadedFlow, Problem } from '../core/types.ts';
import { formatFlow } from '../blocks/language.ts';
import { CallRouter, type CalledIdentity, type Route, type RouteDecision, type RouteSource } from '../session/routes.ts';
import type { FlowSource } from '../session/session-deps.ts';
import type { Logger } from '../session/logger.ts';
import type { DeployStore, PublishedVersion } from './deploy-store.ts';

/** One flow as the API lists it. */
export interface FlowEntry {
  id: string;
  /** Where its file lives (or would) in the flows folder. */
  file: string;
  /** Problems of its file in the flows folder (not deployed while it has errors). */
  problems: Problem[];
  /** The live version, compiled. */
  latest?: CompiledFlow;
  /** The live version's number and record. */
  published?: PublishedVersion;
}

/** What the server and the session layer read of a deployment. */
export interface FlowDeployment extends FlowSource, RouteSource {
  readonly dir: string;
  list(): FlowEntry[];
  get(id: string): FlowEntry | undefined;
  /** Flows a call can be routed to: those routes.json names, and CALLFLOW_DEFAULT_FLOW. */
  routedFlows(): Set<string>;
}

export interface DeploymentOptions {
  defaultFlow?: string;
  /** How often the store's epoch is compared (ms). */
  pollMs?: number;
  logger?: Logger;
}

const fileOf = (dir: string, id: string) => `${dir}/${id}.flow.json`;

export class Deployment implements FlowDeployment {
  private readonly live = new Map<string, { published: PublishedVersion; compiled?: CompiledFlow; problem?: Problem }>();
  private readonly compiledVersions = new Map<string, CompiledFlow>();
  private readonly diskProblems = new Map<string, Problem[]>();
  private router: CallRouter;
  private loadedEpoch = -1;
  private timer?: ReturnType<typeof setInterval>;
  private refreshing?: Promise<void>;
  private queuedRefresh?: Promise<void>;

  constructor(
    private readonly store: DeployStore,
    readonly dir: string,
    private readonly options: DeploymentOptions = {},
  ) {
    this.router = new CallRouter([], options.defaultFlow);
  }

  /** Keeps the live set current by polling the store's epoch. */
  start(): this {
    this.timer ??= setInterval(
      () => void this.refresh().catch((error: unknown) => this.options.logger?.error({ err: error }, 'deployment refresh failed')),
      this.options.pollMs ?? 250,
    );
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Reloads what the store says is live, when its epoch moved; one reload at a time. A refresh asked
   * for while one runs waits for a reload that starts after it (at most one is queued): the running
   * one may have read the store before the change the caller just made (a publish answered 201 must
   * be what the next call gets, not what the poll read a moment earlier).
   */
  refresh(): Promise<void> {
    if (!this.refreshing) return this.startReload();
    this.queuedRefresh ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.queuedRefresh = undefined;
        return this.startReload();
      });
    return this.queuedRefresh;
  }

  private startReload(): Promise<void> {
    const run: Promise<void> = this.reload().finally(() => {
      if (this.refreshing === run) this.refreshing = undefined;
    });
    this.refreshing = run;
    return run;
  }

  private async reload(): Promise<void> {
    const epoch = await this.store.epoch();
    if (epoch === this.loadedEpoch) return;
    const live = await this.store.live();
    const liveIds = new Set(live.map((entry) => entry.flowId));
    for (const id of [...this.live.keys()]) if (!liveIds.has(id)) this.live.delete(id);
    for (const { flowId, number } of live) {
      if (this.live.get(flowId)?.published.number === number) continue;
      const published = await this.store.version(flowId, number);
      if (published) this.live.set(flowId, { published });
    }
    this.compileAll();
    const routes = await this.store.routes();
    if (routes) {
      try {
        this.router = CallRouter.fromText(routes.text, 'routes.json', { defaultFlow: this.options.defaultFlow });
      } catch (error) {
        this.options.logger?.error({ err: error }, 'the published routes cannot be used; the previous ones stay');
      }
    } else this.router = new CallRouter([], this.options.defaultFlow);
    this.loadedEpoch = epoch;
  }

  /** Compiles the live flows against each other (subflows resolve to live versions). */
  private compileAll(): void {
    const documents = new Map<string, LoadedFlow>();
    for (const [id, entry] of this.live) {
      try {
        const flow = JSON.parse(entry.published.files.flow) as FlowDocument;
        documents.set(id, { flow, hash: contentHash(formatFlow(flow)), file: fileOf(this.dir, id) });
      } catch (error) {
        entry.problem = problem(fileOf(this.dir, id), `the published text is not JSON: ${(error as Error).message}`);
      }
    }
    for (const [id, entry] of this.live) {
      const loaded = documents.get(id);
      if (!loaded) continue;
      try {
        const compiled = compile(loaded, (other) => documents.get(other));
        entry.compiled = compiled;
        entry.problem = undefined;
        this.compiledVersions.set(`${id}@${compiled.version}`, compiled);
      } catch (error) {
        entry.problem = problem(loaded.file!, (error as Error).message);
      }
    }
  }

  /** Problems of a flows-folder file that is not deployed (or undefined when it is fine again). */
  reportDisk(flowId: string, problems: Problem[] | undefined): void {
    if (problems?.length) this.diskProblems.set(flowId, problems);
    else this.diskProblems.delete(flowId);
  }

  list(): FlowEntry[] {
    const ids = [...new Set([...this.live.keys(), ...this.diskProblems.keys()])].sort();
    return ids.map((id) => this.get(id)!);
  }

  get(id: string): FlowEntry | undefined {
    const entry = this.live.get(id);
    const disk = this.diskProblems.get(id) ?? [];
    if (!entry && !disk.length) return undefined;
    return {
      id,
      file: fileOf(this.dir, id),
      problems: [...disk, ...(entry?.problem ? [entry.problem] : [])],
      ...(entry?.compiled ? { latest: entry.compiled } : {}),
      ...(entry ? { published: entry.published } : {}),
    };
  }

  latest(flowId: string): CompiledFlow | undefined {
    return this.live.get(flowId)?.compiled;
  }

  version(flowId: string, version: string): CompiledFlow | undefined {
    return this.compiledVersions.get(`${flowId}@${version}`);
  }

  route(called: CalledIdentity | undefined): RouteDecision {
    return this.router.route(called);
  }

  /** The published routes (what `route` matches against). */
  routes(): Route[] {
    return this.router.routes;
  }

  /** What sends calls to a flow, in words ("route 2 (phone +14255550100)", "CALLFLOW_DEFAULT_FLOW"), or undefined. */
  routeTo(flowId: string): string | undefined {
    const index = this.router.routes.findIndex((route) => route.flow === flowId);
    if (index >= 0) return `route ${index + 1} of routes.json (${JSON.stringify(this.router.routes[index].called)})`;
    return this.router.defaultFlow === flowId ? 'CALLFLOW_DEFAULT_FLOW' : undefined;
  }

  /** The flows the routes and the default flow send calls to (what "routed" means in the API). */
  routedFlows(): Set<string> {
    return new Set([...this.router.routes.map((route) => route.flow), ...(this.router.defaultFlow ? [this.router.defaultFlow] : [])]);
  }
}

function problem(file: string, message: string): Problem {
  return { file, pointer: '', line: 1, column: 1, severity: 'error', code: 'deploy', message };
}
