/**
 * The engine's HTTP API as the editor uses it. Same origin (the engine serves the editor; in dev
 * mode vite forwards /api), JSON bodies, and the admin token — when the engine has one — from the
 * session, sent as a Bearer header (writes and call traces need it).
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { Point } from '../canvas/elk-layout.ts';
import type { ScenarioFile } from '../../../engine/core/sim/scenario.ts';

const TOKEN_KEY = 'callflow.adminToken';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string }; problems?: Problem[]; text?: string; version?: string } = {},
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
}

export interface VersionedText {
  id: string;
  text: string;
  version: string;
}

export function setAdminToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
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
  const refusal = (parsed as ApiError['body'] | undefined)?.error?.code;
  // The engine no longer takes the token this tab kept (restarted with another one, or none).
  if (response.status === 401 && token && refusal === 'unauthorized') sessionStorage.removeItem(TOKEN_KEY);
  if (!response.ok) throw new ApiError(response.status, parsed as ApiError['body']);
  return parsed as T;
}

export const engineApi = {
  listFlows: () => request<FlowListEntry[]>('GET', '/api/flows'),
  promptFiles: () => request<{ files: string[] }>('GET', '/api/prompts').then((answer) => answer.files),
  source: (id: string) => request<VersionedText>('GET', `/api/flows/${id}/source`),
  save: (id: string, text: string, version: string) => request<VersionedText>('PUT', `/api/flows/${id}/source`, { text }, { 'if-match': `"${version}"` }),
  create: (text: string) => request<VersionedText>('POST', '/api/flows', { text }),
  rename: (id: string, to: string, version: string) => request<VersionedText>('POST', `/api/flows/${id}/rename`, { to }, { 'if-match': `"${version}"` }),
  layout: (id: string) => request<{ positions: Record<string, Point> }>('GET', `/api/flows/${id}/layout`),
  saveLayout: (id: string, positions: Record<string, Point>) => request<{ positions: Record<string, Point> }>('PUT', `/api/flows/${id}/layout`, { positions }),
  tests: (id: string) => request<ScenarioFile>('GET', `/api/flows/${id}/tests`),
  saveTests: (id: string, file: ScenarioFile) => request<ScenarioFile>('PUT', `/api/flows/${id}/tests`, file),
  deployedFlow: (id: string) => request<{ flow: unknown }>('GET', `/api/flows/${id}`),
  trace: (callId: string) => request<unknown>('GET', `/api/calls/${encodeURIComponent(callId)}/trace`),
};
