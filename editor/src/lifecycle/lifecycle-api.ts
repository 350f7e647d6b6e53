/**
 * The engine's flow lifecycle as the editor uses it (engine/server/lifecycle-router.ts): the draft
 * (never live, may hold errors; its version travels in If-Match), discarding it, and publishing it
 * through the gate of lint and scenarios. Every call goes through `engineRequest`, so the token or
 * the session's CSRF header goes with it.
 */
import type { Problem } from '../../../engine/core/types.ts';
import type { CoverageReport } from '../../../engine/core/sim/scenario.ts';
import { engineRequest } from '../files/engine-api.ts';

/** `GET /api/flows/:id/draft`: the draft, or — when there is none — the live version as the start of one. */
export interface DraftAnswer {
  id: string;
  version: string;
  text: string;
  /** The scenarios file's text (`<id>.test.json`), or null when the flow has none. */
  tests: string | null;
  /** The layout sidecar's text (`{"positions": …}`), or null. */
  layout: string | null;
  /** A draft exists (false: this is the live version). */
  draft: boolean;
  author: string | null;
  /** When the draft was last saved (milliseconds since the epoch). */
  at: number | null;
  problems: Problem[];
}

export interface DraftFiles {
  text: string;
  tests?: string;
  layout?: string;
}

/** A scenario the publish gate ran and that failed: `step` is 0-based. */
export interface FailedScenario {
  name: string;
  step?: number;
  message: string;
}

export interface Published {
  number: number;
  version: string;
  commit: string | null;
  passedScenarios: string[];
  coverage: CoverageReport | null;
  warning?: string;
}

const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const lifecycleApi = {
  draft: (id: string) => engineRequest<DraftAnswer>('GET', `${flowPath(id)}/draft`),
  /** `version` is the one opened, or "new" for a flow's first draft. */
  saveDraft: (id: string, files: DraftFiles, version: string) =>
    engineRequest<DraftAnswer>('PUT', `${flowPath(id)}/draft`, files, { 'if-match': `"${version}"` }),
  discardDraft: (id: string) => engineRequest<undefined>('DELETE', `${flowPath(id)}/draft`),
  publish: (id: string, message: string) => engineRequest<Published>('POST', `${flowPath(id)}/publish`, { message }),
};
