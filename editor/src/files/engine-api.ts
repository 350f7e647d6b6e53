/**
 * The engine's HTTP API as the editor uses it. Same origin (the engine serves the editor; in dev
 * mode vite forwards /api), JSON bodies, and who is asking (access-store.ts): the tab's admin token
 * as a Bearer header, the signed-in session's cookie and, on changes, its CSRF header.
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { CoverageReport } from '../../../engine/core/sim/scenario.ts';

import { access } from '../access/access-store.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      error?: { code?: string; message?: string };
      problems?: Problem[];
      /** A conflict's other text (null: nothing is there any more), its version and who saved it. */
      text?: string | null;
      version?: string;
      author?: string | null;
      /** A refused publish: the scenarios that failed (`step` 0-based). */
      failedScenarios?: Array<{ name: string; step?: number; message: string }>;
      coverage?: CoverageReport | null;
    } = {},
  ) {
    super(body.error?.message ?? `the engine answered ${status}`);
  }
}

export interface FlowListEntry {
  id: string;
  name: string | null;
  errors: number;
  warnings: number;
  /** A route (flows/routes.json) or the default flow setting sends calls to it. */
  routed: boolean;
  /** The live version's number (null: never published). */
  number?: number | null;
  /** The flow has a draft that is not published. */
  draft?: boolean;
}

export function setAdminToken(token: string): void {
  access.setToken(token);
}

/**
 * One request to the engine, as whoever uses the editor; a refusal becomes an ApiError with the
 * engine's reason. A Blob body (an uploaded file) is sent as it is, any other as JSON.
 */
export async function engineRequest<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = access.token();
  const raw = body instanceof Blob;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      // Always the engine's answer of now: a draft and the live version it became share an ETag
      // (same content), so a revalidated cached answer could still say "draft".
      cache: 'no-store',
      headers: {
        ...(body === undefined ? {} : { 'content-type': raw ? body.type || 'application/octet-stream' : 'application/json' }),
        ...access.headersFor(method),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, { error: { code: 'network', message: `the engine cannot be reached (${(error as Error).message})` } });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { error: { message: text.slice(0, 200) } };
  }
  const refusal = (parsed as ApiError['body'] | undefined)?.error;
  // The engine no longer takes the token this tab kept (restarted with another one, or none).
  if (response.status === 401 && token && refusal?.code === 'unauthorized') access.forgetToken();
  if (!response.ok) throw new ApiError(response.status, parsed as ApiError['body']);
  return parsed as T;
}

export const engineApi = {
  listFlows: () => engineRequest<FlowListEntry[]>('GET', '/api/flows'),
  promptFiles: () => engineRequest<{ files: string[] }>('GET', '/api/prompts').then((answer) => answer.files),
  /** Renames the live flow's files (a draft is published or discarded first). */
  rename: (id: string, to: string) => engineRequest<{ id: string; text: string; version: string }>('POST', `/api/flows/${id}/rename`, { to }),
  deployedFlow: (id: string) => engineRequest<{ flow: unknown }>('GET', `/api/flows/${id}`),
  trace: (callId: string) => engineRequest<unknown>('GET', `/api/calls/${encodeURIComponent(callId)}/trace`),
};
