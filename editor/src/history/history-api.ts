/**
 * The flow lifecycle routes the History tab reads and the rollback it asks for
 * (engine/server/lifecycle-router.ts, audit-route.ts), all through engineRequest.
 */
import type { FlowChange } from '../../../engine/core/flow-diff-changes.ts';
import { engineRequest } from '../files/engine-api.ts';

/** One published version, as `GET /api/flows/:id/versions` lists it (newest first). */
export interface VersionSummary {
  number: number;
  version: string;
  author: string;
  at: number;
  message: string;
  source?: string;
  commit?: string;
  rollbackOf?: number;
}

/** One audit log entry (the engine's AuditEntry): who did what to which flow or call, and when. */
export interface AuditEntry {
  at: number;
  who: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** One side of a comparison: a version number or the draft. */
export type DiffSide = number | 'draft';

export interface RollbackAnswer {
  number: number;
  version: string;
  rollbackOf: number;
}

export const AUDIT_PAGE = 50;

const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const historyApi = {
  versions: (id: string) => engineRequest<VersionSummary[]>('GET', `${flowPath(id)}/versions`),
  diff: (id: string, from: DiffSide, to: DiffSide) =>
    engineRequest<{ changes: FlowChange[] }>('GET', `${flowPath(id)}/diff?from=${from}&to=${to}`).then((answer) => answer.changes),
  /** The live number and whether a draft exists, from the list of flows (`number` null: nothing of it is live). */
  liveState: (id: string) =>
    engineRequest<Array<{ id: string; number?: number | null; draft?: boolean }>>('GET', '/api/flows').then((flows) => {
      const entry = flows.find((flow) => flow.id === id);
      return { live: entry?.number ?? undefined, hasDraft: Boolean(entry?.draft) };
    }),
  rollback: (id: string, number: number) => engineRequest<RollbackAnswer>('POST', `${flowPath(id)}/rollback`, { number }),
  /** A page of the flow's audit log, newest first; `before` continues after the oldest entry shown. */
  audit: (flow: string, before?: number) =>
    engineRequest<AuditEntry[]>('GET', `/api/audit?flow=${encodeURIComponent(flow)}&limit=${AUDIT_PAGE}${before === undefined ? '' : `&before=${before}`}`),
};
