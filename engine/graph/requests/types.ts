/**
 * A Graph action: how one effect type becomes one HTTP request, and how Graph settles it. Builders
 * are pure functions of the effect and the call's context, so tests assert the exact method, path
 * and body without a network.
 */
import type { Effect, FlowDocument } from '../../core/types.ts';

export interface GraphRequestSpec {
  method: 'POST' | 'DELETE' | 'GET';
  /** Path under GRAPH_BASE_URL, e.g. `/communications/calls/{id}/playPrompt`. */
  path: string;
  body?: Record<string, unknown>;
}

/** What builders know about the call and the deployment. */
export interface BuildContext {
  /** Graph's call id (absent before a call is created). */
  callId?: string;
  sessionId: string;
  tenantId?: string;
  /** The engine's notification URL for this call. */
  callbackUri: string;
  /** The bot's app id. */
  clientId: string;
  /** Application instance used as the caller id of PSTN calls. */
  appInstanceId?: string;
  flow?: FlowDocument;
  /** mediaInfo for a prompt file of the flows folder (`prompts/en-US/welcome.wav`). */
  promptMedia(file: string): MediaInfo;
}

export interface MediaInfo {
  uri: string;
  resourceId?: string;
}

/**
 * How Graph settles the request (graph-calls.md §3.4): `notification` — an operation whose outcome
 * comes as an operation notification; `sync` — answered `completed` in the response, no
 * notification follows; `call` — the outcome shows in call-state notifications (answer, transfer…);
 * `query` — reads an earlier operation: a finished one settles that operation.
 */
export type Settlement = 'notification' | 'sync' | 'call' | 'query';

export interface GraphAction {
  effect: string;
  /** `kind` of the operation events this action produces. */
  kind: string;
  settles: Settlement;
  /** Whether a 404 means "the call is gone" rather than a failure of this action. */
  goneOn404?: boolean;
  build(effect: Effect, context: BuildContext): GraphRequestSpec;
}

/** The effect cannot become a valid request (bad input, missing configuration); nothing is sent. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Graph limits clientContext to 256 characters (graph-calls.md §2). */
export const CLIENT_CONTEXT_LIMIT = 256;

export function callPath(context: BuildContext, action?: string): string {
  if (!context.callId) throw new BuildError('the call has no Graph id yet');
  const base = `/communications/calls/${encodeURIComponent(context.callId)}`;
  return action ? `${base}/${action}` : base;
}
