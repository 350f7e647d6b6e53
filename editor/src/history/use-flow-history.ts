/**
 * The History tab's data for one flow: its published versions (newest first), which of them is
 * live, whether it has a draft, and — for an Admin — its audit log entries. Read again when the
 * flow changes, when `refreshKey` moves (a save or publish elsewhere) and after a rollback.
 */
import { useCallback, useEffect, useState } from 'react';
import { AUDIT_PAGE, historyApi, type AuditEntry, type VersionSummary } from './history-api.ts';

export interface FlowHistory {
  versions?: VersionSummary[];
  /** The number calls get now; undefined when none is live (the flow was renamed or deleted). */
  live?: number;
  hasDraft: boolean;
  audit?: AuditEntry[];
  /** More audit entries than those shown may exist. */
  moreAudit: boolean;
  error?: string;
  reload: () => void;
  /** Reads the next page of the audit log. */
  olderAudit: () => void;
}

export function useFlowHistory(flowId: string, refreshKey: unknown, admin: boolean): FlowHistory {
  const [state, setState] = useState<Omit<FlowHistory, 'reload' | 'olderAudit'>>({ hasDraft: false, moreAudit: false });
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((count) => count + 1), []);
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const [versions, state, audit] = await Promise.all([
          historyApi.versions(flowId),
          historyApi.liveState(flowId).catch(() => ({ live: undefined, hasDraft: false })),
          admin ? historyApi.audit(flowId).catch(() => undefined) : Promise.resolve(undefined),
        ]);
        if (current) setState({ versions, ...state, audit, moreAudit: audit?.length === AUDIT_PAGE });
      } catch (error) {
        if (current) setState({ hasDraft: false, moreAudit: false, error: (error as Error).message });
      }
    })();
    return () => {
      current = false;
    };
  }, [flowId, refreshKey, admin, reloads]);
  const oldest = state.audit?.at(-1)?.at;
  const olderAudit = useCallback(() => {
    if (oldest === undefined) return;
    historyApi
      .audit(flowId, oldest)
      .then((page) => setState((now) => ({ ...now, audit: [...(now.audit ?? []), ...page], moreAudit: page.length === AUDIT_PAGE })))
      .catch(() => undefined);
  }, [flowId, oldest]);
  return { ...state, reload, olderAudit };
}
