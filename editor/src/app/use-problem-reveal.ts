/**
 * Where the editor shows a problem the analyst clicked: the state it is about, in the inspector and
 * on the canvas, when the text is drawn; otherwise its line in the Code tab.
 */
import { useCallback, useState } from 'react';
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import type { Tab } from './SidePanel.tsx';

export function useProblemReveal(flow: FlowValue | undefined, inSync: boolean, setTab: (tab: Tab) => void) {
  const [reveal, setReveal] = useState<{ id: string; seq: number }>();
  const [codeReveal, setCodeReveal] = useState<{ line: number; column: number; seq: number }>();
  const revealProblem = useCallback(
    (problem: Problem) => {
      const state = /^\/states\/([^/]+)/.exec(problem.pointer)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (state && flow?.states?.[state] && inSync) {
        setReveal({ id: state, seq: Date.now() });
        setTab('inspector');
      } else {
        setCodeReveal({ line: problem.line, column: problem.column, seq: Date.now() });
        setTab('code');
      }
    },
    [flow, inSync, setTab],
  );
  return { reveal, setReveal, codeReveal, revealProblem };
}
