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
  checks: { store: Check; flows: Check; graph: Check; draining: Check };
}

export interface ReadinessSources {
  store: CallStore;
  flows: FlowDeployment;
  /** The engine's own token path (GraphTokenProvider): what Graph requests use. */
  token: () => Promise<string>;
  draining: () => boolean;
  /** Values that must never appear in a detail (the client secret). */
  secrets: () => string[];
  now?: () => number;
}

/** How long a token check's answer is reused: long enough that probes stay cheap, short enough that a fixed secret shows soon. */
const GRAPH_OK_MS = 60_000;
const GRAPH_FAILED_MS = 10_000;
/** A probe that waits longer than this is a failed check (Kubernetes' own probe timeout defaults to 1 s; its operators raise it). */
const CHECK_TIMEOUT_MS = 3_000;

export class Readiness {
  private graphChecked?: { check: Check; until: number };
  private graphChecking?: Promise<Check>;
  private readonly now: () => number;

  constructor(private readonly sources: ReadinessSources) {
    this.now = sources.now ?? Date.now;
  }

  async report(): Promise<ReadinessReport> {
    const [store, graph] = await Promise.all([this.store(), this.graph()]);
    const checks = { store, flows: this.flows(), graph, draining: this.draining() };
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

  private async graph(): Promise<Check> {
    if (this.graphChecked && this.graphChecked.until > this.now()) return this.graphChecked.check;
    this.graphChecking ??= this.checkToken().finally(() => (this.graphChecking = undefined));
    return this.graphChecking;
  }

  private async checkToken(): Promise<Check> {
    let check: Check;
    try {
      await withTimeout(this.sources.token(), 'the token endpoint did not answer');
      check = { ok: true, detail: 'a Graph token was obtained' };
    } catch (error) {
      check = { ok: false, detail: `no Graph token: ${this.clean(tokenFailure(error))}` };
    }
    this.graphChecked = { check, until: this.now() + (check.ok ? GRAPH_OK_MS : GRAPH_FAILED_MS) };
    return check;
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
