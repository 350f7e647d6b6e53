/**
 * The document as the views use it: the current text and value (forms read these, so typing never
 * lags), the analysis (problems, drawability), computed at React's deferred priority so a large
 * flow checks without blocking input, the last drawable version for the canvas, and `edit`, which
 * turns a change of the value into a canonical text edit in the shared history.
 */
import { useCallback, useDeferredValue, useMemo, useRef, useSyncExternalStore } from 'react';
import { formatFlow } from '../../../engine/blocks/language.ts';
import type { DocumentStore, EditOrigin } from '../document/document-store.ts';
import { analyze } from '../document/analysis.ts';
import type { FlowValue } from '../document/flow-value.ts';

export type EditFn = (change: (flow: FlowValue) => FlowValue, mergeKey?: string, origin?: Exclude<EditOrigin, 'history' | 'code'>) => void;

export function useEditorDocument(store: DocumentStore, fileName: string, openKey: number, knownFlows: string[]) {
  const text = useSyncExternalStore(store.subscribe, () => store.text);
  const value = useMemo(() => {
    try {
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FlowValue) : undefined;
    } catch {
      return undefined;
    }
  }, [text]);
  const deferredText = useDeferredValue(text);
  const analysis = useMemo(() => analyze(deferredText, fileName, knownFlows), [deferredText, fileName, knownFlows]);
  const drawable = useRef<{ openKey: number; flow: FlowValue }>(undefined);
  if (drawable.current?.openKey !== openKey) drawable.current = undefined;
  if (analysis.drawable) drawable.current = { openKey, flow: analysis.drawable };

  const edit = useCallback<EditFn>(
    (change, mergeKey, origin = 'canvas') => {
      let current: FlowValue;
      try {
        current = JSON.parse(store.text) as FlowValue;
      } catch {
        return;
      }
      store.replace(formatFlow(change(current)), origin, mergeKey);
    },
    [store],
  );

  return { text, value, analysis, lastDrawable: drawable.current?.flow, inSync: Boolean(analysis.drawable), edit };
}
