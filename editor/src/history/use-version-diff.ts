/** The semantic diff between two sides of a flow's history, fetched when the comparison changes. */
import { useEffect, useState } from 'react';
import type { FlowChange } from '../../../engine/core/flow-diff-changes.ts';
import { historyApi, type DiffSide } from './history-api.ts';

export interface Comparison {
  from: DiffSide;
  to: DiffSide;
}

export interface VersionDiff {
  changes?: FlowChange[];
  error?: string;
}

export const sideName = (side: DiffSide) => (side === 'draft' ? 'the draft' : `version ${side}`);

export function useVersionDiff(flowId: string, comparison: Comparison | undefined): VersionDiff {
  const [diff, setDiff] = useState<VersionDiff & { key?: string }>({});
  const key = comparison && `${flowId}:${comparison.from}:${comparison.to}`;
  useEffect(() => {
    if (!comparison) return;
    let current = true;
    historyApi
      .diff(flowId, comparison.from, comparison.to)
      .then((changes) => current && setDiff({ key, changes }))
      .catch((error: Error) => current && setDiff({ key, error: error.message }));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the comparison's value (a new object each render)
  }, [key]);
  return diff.key === key ? diff : {};
}
