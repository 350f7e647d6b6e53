/**
 * The History tab's data for one flow: its published versions (newest first), which of them is
 * live, whether it has a draft, and — for an Admin — its audit log entries. Read again when the
 * flow changes, when `refreshKey` moves (a save or publish elsewhere) and after a rollback.
 */
import { useCallback, useEffect, useState } from 'react';
import { historyApi, type AuditEntry, type VersionSummary } from './history-api.ts';

export interface FlowHistory {
  versions?: VersionSummary[];
  /** The number calls get now; undefined when none is live (the flow was renamed or deleted). */
  live?: number;
  hasDraft: boolean;
  audit?: AuditEntry[];
  error?: string;
  reload: () => void;
}

export function useFlowHistory(flowId: string, refreshKey: unknown, admin: boolean): FlowHistory {
  const [state, setState] = useState<Omit<FlowHistory, 'reload'>>({ hasDraft: false });
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
        if (current) setState({ versions, ...state, audit });
      } catch (error) {
        if (current) setState({ hasDraft: false, error: (error as Error).message });
      }
    })();
    return () => {
      current = false;
    };
  }, [flowId, refreshKey, admin, reloads]);
  return { ...state, reload };
}
