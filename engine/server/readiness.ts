/**
 * Whether this engine should be sent calls (`GET /readyz`), as four checks a load balancer or
 * Kubernetes readiness probe can act on and an operator can read: the call store takes a write and
 * gives it back, every routed flow is live, a Graph token can be had, and the process is not handing
 * its calls over. `/healthz` only says the process is alive; this says it can do its job.
 *
 * Probes come every few seconds from every balancer, so the costly check — a token from the token
 * endpoint — is remembered for a while; the store's round trip is one small write and read each time.
 * Details name what is wrong in words and codes (`invalid_client`, `AADSTS7000215`), never a token,
 * a secret or a connection string's password: the route is open to anyone.
 */
import { randomUUID } from 'node:crypto';
import type { FlowDeployment } from '../deploy/deployment.ts';
import type { CallStore } from '../session/call-store.ts';

export interface Check {
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  ready: boolean;
  /** `recordings` only when the engine keeps recordings somewhere it must reach (always, in call-engine.ts). */
  checks: { store: Check; flows: Check; graph: Check; draining: Check; recordings?: Check };
}

export interface ReadinessSources {
  store: CallStore;
  flows: FlowDeployment;
  /** The engine's own token path (GraphTokenProvider): what Graph requests use. */
  token: () => Promise<string>;
  draining: () => boolean;
  /** Where recordings are kept (engine/node/recording-store.ts): its probe resolves with a detail or rejects. */
  recordings?: { probe(): Promise<string> };
  /** Values that must never appear in a detail (the client secret). */
  secrets: () => string[];
  now?: () => number;
}

/** How long a remote check's answer is reused: long enough that probes stay cheap, short enough that a fix shows soon. */
const REMEMBER_OK_MS = 60_000;
const REMEMBER_FAILED_MS = 10_000;
/** A probe that waits longer than this is a failed check (Kubernetes' own probe timeout defaults to 1 s; its operators raise it). */
const CHECK_TIMEOUT_MS = 3_000;

export class Readiness {
  private readonly now: () => number;
  private readonly graphCheck: RememberedCheck;
  private readonly recordingsCheck: RememberedCheck;

  constructor(private readonly sources: ReadinessSources) {
    this.now = sources.now ?? Date.now;
    this.graphCheck = new RememberedCheck(() => this.checkToken(), this.now);
    this.recordingsCheck = new RememberedCheck(() => this.checkRecordings(), this.now);
  }

  async report(): Promise<ReadinessReport> {
    const [store, graph, recordings] = await Promise.all([
      this.store(),
      this.graphCheck.get(),
      this.sources.recordings ? this.recordingsCheck.get() : undefined,
    ]);
    const checks = { store, flows: this.flows(), graph, draining: this.draining(), ...(recordings ? { recordings } : {}) };
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  }

  private async store(): Promise<Check> {
    const value = `probe-${randomUUID()}`;
    try {
      const read = await withTimeout(this.sources.store.probe(value), `the ${this.sources.store.kind} store did not answer`);
      if (read !== value) return { ok: false, detail: `the ${this.sources.store.kind} store took a write but gave back something else` };
      return { ok: true, detail: `the ${this.sources.store.kind} store took a write and read it back` };
    } catch (error) {
      return { ok: false, detail: `the ${this.sources.store.kind} store cannot be written or read: ${this.clean(reason(error))}` };
    }
  }

  private flows(): Check {
    const routed = [...this.sources.flows.routedFlows()].sort();
    const missing = routed.filter((id) => !this.sources.flows.latest(id));
    if (missing.length) return { ok: false, detail: `routed but not live: ${missing.join(', ')} (missing, or every version has errors)` };
    if (!routed.length) return { ok: true, detail: 'no flow is routed (routes.json, CALLFLOW_DEFAULT_FLOW): calls are rejected' };
    return { ok: true, detail: `every routed flow is live: ${routed.join(', ')}` };
  }

  private async checkToken(): Promise<Check> {
    try {
      await withTimeout(this.sources.token(), 'the token endpoint did not answer');
      return { ok: true, detail: 'a Graph token was obtained' };
    } catch (error) {
      return { ok: false, detail: `no Graph token: ${this.clean(tokenFailure(error))}` };
    }
  }

  private async checkRecordings(): Promise<Check> {
    try {
      return { ok: true, detail: await withTimeout(this.sources.recordings!.probe(), 'the recording store did not answer') };
    } catch (error) {
      return { ok: false, detail: `recordings cannot be kept: ${this.clean(reason(error))}` };
    }
  }

  private draining(): Check {
    return this.sources.draining()
      ? { ok: false, detail: 'handing calls over to other engines before exiting (SIGTERM)' }
      : { ok: true, detail: 'not draining' };
  }

  /** A detail as it may be shown to anyone: no secret, no bearer token, no URL password, one short line. */
  private clean(text: string): string {
    let cleaned = text;
    for (const secret of this.sources.secrets()) if (secret) cleaned = cleaned.split(secret).join('***');
    return cleaned
      .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***')
      .replace(/\/\/[^/\s:@]*:[^@\s/]*@/g, '//***@')
      .split('\n')[0]!
      .slice(0, 200);
  }
}

/**
 * A check that asks a remote service (the token endpoint, Blob Storage): its answer is reused for a
 * while, longer when it passed, and probes that come while it runs wait for the same answer.
 */
class RememberedCheck {
  private answer?: { check: Check; until: number };
  private running?: Promise<Check>;

  constructor(
    private readonly run: () => Promise<Check>,
    private readonly now: () => number,
  ) {}

  get(): Promise<Check> {
    const answer = this.answer;
    if (answer && answer.until > this.now()) return Promise.resolve(answer.check);
    this.running ??= this.run()
      .then((check) => {
        this.answer = { check, until: this.now() + (check.ok ? REMEMBER_OK_MS : REMEMBER_FAILED_MS) };
        return check;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}

/** msal's error code and the AADSTS number (what an operator looks up), else the error's message. */
function tokenFailure(error: unknown): string {
  const { errorCode, errorMessage } = error as { errorCode?: string; errorMessage?: string };
  const aadsts = /AADSTS\d+/.exec(errorMessage ?? '')?.[0];
  if (errorCode) return aadsts ? `${errorCode} (${aadsts})` : errorCode;
  return reason(error);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
