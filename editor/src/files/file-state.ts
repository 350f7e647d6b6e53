/**
 * What the editor knows of the open flow's draft, and how a refused save or file action becomes
 * part of it: a conflict (with the other text), a missing token, or a reason kept with the text
 * it was about.
 */
import type { Problem } from '../../../engine/core/types.ts';
import { ApiError } from './engine-api.ts';

export interface FileState {
  id?: string;
  /** The engine has the flow — a live version, a draft or both (false for a new flow until its first save). */
  stored: boolean;
  /** The flow text as last read or saved, to tell whether there are unsaved changes. */
  savedText: string;
  /** The scenarios file's text as last read or saved (null: the flow has none). */
  savedTests: string | null;
  /** The draft's version (or the live version's, with no draft), sent as If-Match. */
  version?: string;
  /** The flow has a draft, not published: who saved it last and when. Undefined: what is open is live. */
  draft?: { author: string | null; at: number | null };
  /** The number of the version this editor just published (the flow list may not have caught up). */
  liveNumber?: number;
  busy: boolean;
  /** Something went wrong outside saving (a flow could not be opened). */
  message?: { kind: 'error'; text: string };
  /** The last save or file action failed for this text: shown until the text changes or a save succeeds. */
  failure?: { text: string; reason: string };
  /** What just happened to this text ("Loaded the draft saved meanwhile…"), shown until it changes. */
  notice?: { text: string; message: string };
  /** The draft changed since it was opened: its text and version, and who saved it. */
  conflict?: { diskText: string; diskVersion: string; author?: string | null };
  refused?: { reason: string; problems: Problem[] };
  needsToken: boolean;
  /** Increases each time a file is opened or created. */
  opened: number;
  /** Increases each time a flow is read from the engine (not for a new flow). */
  loaded: number;
}

/** The state after `action` failed for `text`: the document is never touched, only what to say about it. */
export function saveFailure(error: unknown, action: string, text: string): Partial<FileState> {
  const apiError = error instanceof ApiError ? error : new ApiError(0, { error: { message: String(error) } });
  const kept = 'your changes are kept in the editor';
  if (apiError.status === 412 && apiError.body.text !== undefined) {
    return {
      busy: false,
      conflict: { diskText: apiError.body.text ?? '', diskVersion: apiError.body.version!, author: apiError.body.author },
      failure: { text, reason: 'the draft changed since it was opened' },
    };
  }
  // notTrusted: the engine lets nobody in from where this page is (only its operator can change
  // that), so asking for a token would not help — the reason is shown instead.
  if (apiError.status === 401 && apiError.body.error?.code !== 'notTrusted')
    return { busy: false, needsToken: true, failure: { text, reason: `the engine needs the admin token to ${action}; ${kept}` } };
  if (apiError.status === 422 && apiError.body.problems) {
    return {
      busy: false,
      refused: { reason: `The engine refused the flow: ${apiError.message}`, problems: apiError.body.problems },
      failure: { text, reason: 'the engine refused the flow' },
    };
  }
  return { busy: false, failure: { text, reason: `${apiError.message}; ${kept}` } };
}
