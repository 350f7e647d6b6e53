/** The open flow's test scenarios (`GET /api/flows/<id>/tests`), read again when asked (a test was saved). */
import { useCallback, useEffect, useState } from 'react';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import { ApiError, engineApi } from '../files/engine-api.ts';

export function useFlowTests(flowId: string | undefined, onDisk: boolean) {
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [error, setError] = useState<string>();
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    setScenarios([]);
    setError(undefined);
    if (!flowId || !onDisk) return;
    engineApi
      .tests(flowId)
      .then((file) => current && setScenarios(file.scenarios))
      .catch((failure: unknown) => current && !(failure instanceof ApiError && failure.status === 404) && setError((failure as Error).message));
    return () => {
      current = false;
    };
  }, [flowId, onDisk, reads]);
  const reload = useCallback(() => setReads((count) => count + 1), []);
  return { scenarios, error, reload };
}
