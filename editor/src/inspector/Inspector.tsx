/**
 * The inspector: the selected state's form, or the flow's when nothing is selected. Every change
 * is a document edit (one undo step per field while typing); a rename changes every reference in
 * one edit and keeps the box where it is. Another block's form starts at its top.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Problem } from '../../../engine/core/types.ts';
import { deleteStates, renameState, setIn, type FlowValue } from '../document/flow-value.ts';
import type { EditFn } from '../app/use-editor-document.ts';
import type { LayoutStore } from '../canvas/layout-store.ts';
import { FormContext } from './form-context.ts';
import { StateInspector } from './StateInspector.tsx';
import { FlowInspector } from './FlowInspector.tsx';

interface InspectorProps {
  flow: FlowValue | undefined;
  selected: string | undefined;
  problems: Problem[];
  promptFiles: string[];
  edit: EditFn;
  layout: LayoutStore;
  onSelect: (ids: string[]) => void;
  onChangeId: () => void;
}

export function Inspector({ flow, selected, problems, promptFiles, edit, layout, onSelect, onChangeId }: InspectorProps) {
  const host = useRef<HTMLDivElement>(null);
  const shown = selected && flow?.states?.[selected] ? selected : undefined;
  useLayoutEffect(() => {
    const panel = host.current?.closest('.panel');
    if (panel) panel.scrollTop = 0;
  }, [shown]);
  if (!flow) return <p className="notice">The code is not valid JSON, so there is nothing to edit here. Fix it in the Code tab (the markers show where).</p>;
  const state = shown;
  return (
    <FormContext.Provider
      value={{ flow, promptFiles, setPrompts: (prompts) => edit((current) => setIn(current, ['prompts'], prompts), 'flow:prompts', 'form') }}
    >
      <div className="inspector" ref={host}>
        {state ? (
          <StateInspector
            key={state}
            flow={flow}
            stateId={state}
            problems={problems}
            onChange={(option, value) => edit((current) => setIn(current, ['states', state, option], value), `state:${state}:${option}`, 'form')}
            onRename={(to) => {
              layout.rename(state, to);
              edit((current) => renameState(current, state, to), undefined, 'form');
              onSelect([to]);
            }}
            onDelete={() => {
              edit((current) => deleteStates(current, [state]), undefined, 'form');
              onSelect([]);
            }}
          />
        ) : (
          <FlowInspector
            flow={flow}
            promptFiles={promptFiles}
            onChange={(property, value) => edit((current) => setIn(current, [property], value), `flow:${property}`, 'form')}
            onChangeId={onChangeId}
          />
        )}
      </div>
    </FormContext.Provider>
  );
}
