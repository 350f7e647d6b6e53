/**
 * What one `callflow doctor` check answers: its id (stable, scripts read `--json`), whether it
 * passed, what it saw, and for a failure the fix in a sentence or two. Every check is one function
 * from the deployment to a result; none throws, so one broken part never hides the others.
 */
import type { EngineConfig } from '../../config.ts';
import type { DeployedFlows } from './deployed-flows.ts';

export type CheckId = 'token' | 'permissions' | 'public-url' | 'webhook' | 'prompts' | 'store' | 'app-instance' | 'clock';

export interface CheckResult {
  id: CheckId;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** What the checks look at: the engine's configuration and the flows it serves. */
export interface Deployment {
  config: EngineConfig;
  flows: DeployedFlows;
  /** True when Graph is Microsoft's (not the emulator): stricter rules apply, e.g. https only. */
  microsoftGraph: boolean;
}

export const pass = (id: CheckId, detail: string): CheckResult => ({ id, ok: true, detail });
export const fail = (id: CheckId, detail: string, fix: string): CheckResult => ({ id, ok: false, detail, fix });

/** Why a request failed, in the words of the network layer (`ECONNREFUSED`, a certificate error…). */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A fetch that gives up after `ms` (a doctor must not hang on a black-holed address). */
export function fetchWithin(url: string, init: RequestInit = {}, ms = 5000): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ms) });
}
