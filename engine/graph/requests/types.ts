/**
 * Graph requests: how one effect becomes one HTTP request. Builders are pure functions of the effect and the call's context, so tests assert the exact method, path
 * and body without a network.
 */
import type { CallEffectName, EffectOf, PromptAudioRef } from '../../core/effects.ts';
import type { FlowDocument } from '../../core/types.ts';

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
  /** Graph's id of the session's consult call (consultative transfer), once placed. */
  consultCallId?: string;
  /** Application instance used as the caller id of PSTN calls. */
  appInstanceId?: string;
  flow?: FlowDocument;
  /** mediaInfo for a prompt file of the flows folder (`prompts/en-US/welcome.wav`), its id from the path: for audio not prepared by the engine. */
  promptMedia(file: string): MediaInfo;
  /** mediaInfo for a prompt's prepared audio (engine/node/prompt-audio.ts): its URI and the id of its content. */
  audioMedia(audio: PromptAudioRef): MediaInfo;
  /** mediaInfo of the audio ready for the prompts of `keys` (all prompts when not a list), for pre-fetching. */
  preFetch?(keys: unknown): MediaInfo[];
}

export interface MediaInfo {
  uri: string;
  resourceId?: string;
}

/**
 * How one effect becomes one Graph request. How Graph settles it, what a 404 means and which
 * operation kind reports it are facts of the effect, kept in the catalogue (engine/core/effects.ts).
 */
export type RequestBuilder<K extends CallEffectName> = (effect: EffectOf<K>, context: BuildContext) => GraphRequestSpec;

/** A request builder for every effect a calling backend performs: a missing one does not compile. */
export type GraphRequestBuilders = { readonly [K in CallEffectName]: RequestBuilder<K> };

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
