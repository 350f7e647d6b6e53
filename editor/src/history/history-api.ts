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

const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const historyApi = {
  versions: (id: string) => engineRequest<VersionSummary[]>('GET', `${flowPath(id)}/versions`),
  diff: (id: string, from: DiffSide, to: DiffSide) =>
    engineRequest<{ changes: FlowChange[] }>('GET', `${flowPath(id)}/diff?from=${from}&to=${to}`).then((answer) => answer.changes),
  draft: (id: string) => engineRequest<{ draft: boolean; author: string | null; at: number | null }>('GET', `${flowPath(id)}/draft`),
  rollback: (id: string, number: number) => engineRequest<RollbackAnswer>('POST', `${flowPath(id)}/rollback`, { number }),
  audit: (flow: string) => engineRequest<AuditEntry[]>('GET', `/api/audit?flow=${encodeURIComponent(flow)}&limit=100`),
};
