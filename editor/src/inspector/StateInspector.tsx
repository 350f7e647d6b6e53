/**
 * The form of one state: its name (renaming updates every reference), a note, the block's options
 * generated from its schema, and where each of its ports leads. Nothing here knows any block.
 */
import { useId } from 'react';
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { Problem } from '../../../engine/core/types.ts';
import { isValidStateId, portsOfState, type FlowValue, type StateValue } from '../document/flow-value.ts';
import { plainProblem } from '../document/plain-problems.ts';
import { plainHelp } from './plain-help.ts';
import { DraftInput } from './DraftInput.tsx';
import { Field } from './Field.tsx';
import { CategoryIcon } from '../canvas/block-style.tsx';

interface StateInspectorProps {
  flow: FlowValue;
  stateId: string;
  problems: Problem[];
  onChange: (option: string, value: unknown) => void;
  onRename: (to: string) => void;
  onDelete: () => void;
}

export function StateInspector({ flow, stateId, problems, onChange, onRename, onDelete }: StateInspectorProps) {
  const nameId = useId();
  const state = flow.states![stateId] as StateValue;
  const block = getBlock(state.type);
  if (!block) return <p>Unknown block type '{state.type}'.</p>;
  const required = block.required ?? [];
  const portProperties = new Set(
    portsOfState(state)
      .filter((port) => port.path.length === 1)
      .map((port) => port.path[0]),
  );
  const options = Object.entries(block.properties).filter(([name]) => !portProperties.has(name));
  const ports = Object.entries(block.properties).filter(([name]) => portProperties.has(name));
  const mine = problems.filter((problem) => problem.pointer === `/states/${stateId}` || problem.pointer.startsWith(`/states/${stateId}/`));
  return (
    <div className="state-inspector" aria-label={`State ${stateId}`}>
      <header className={`inspector-header category-${block.category}`}>
        <CategoryIcon category={block.category} size={20} />
        <div>
          <h2>{block.title}</h2>
          <p className="block-description">{plainHelp(block.description)}</p>
        </div>
      </header>
      <div className="field">
        <label htmlFor={nameId}>State name</label>
        <DraftInput
          id={nameId}
          value={stateId}
          commitOn="blur"
          onCommit={(text) => {
            if (text === stateId) return undefined;
            if (!isValidStateId(text)) return 'use a letter, then letters, digits, _ or -';
            if (flow.states![text]) return `'${text}' is already a state`;
            onRename(text);
            return undefined;
          }}
        />
      </div>
      {mine.length > 0 && (
        <ul className="inspector-problems" aria-label="Problems of this state">
          {mine.map((problem, index) => (
            <li key={index} className={`is-${problem.severity}`}>
              {plainProblem(problem, flow)}
            </li>
          ))}
        </ul>
      )}
      <section aria-label="Options">
        <h3>Options</h3>
        {options.map(([name, schema]) => (
          <Field key={name} name={name} schema={schema} value={state[name]} required={required.includes(name)} onChange={(value) => onChange(name, value)} />
        ))}
        <Field
          name="description"
          label="Note"
          schema={{ type: 'string', maxLength: 1000, description: 'A note for people reading the flow; no effect on the call.' }}
          value={state.description}
          onChange={(value) => onChange('description', value)}
        />
      </section>
      {ports.length > 0 && (
        <section aria-label="Connections">
          <h3>Connections</h3>
          {ports.map(([name, schema]) => (
            <Field
              key={name}
              name={name}
              label={`${name} goes to`}
              schema={schema}
              value={state[name]}
              required={required.includes(name)}
              onChange={(value) => onChange(name, value)}
            />
          ))}
        </section>
      )}
      <button type="button" className="danger" onClick={onDelete}>
        Delete state {stateId}
      </button>
    </div>
  );
}
