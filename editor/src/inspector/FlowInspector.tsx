/**
 * The form of the flow itself, shown when no state is selected: name, description, where calls
 * start, the flow-wide handlers, settings, variables and prompts — generated from the flow schema
 * like the state forms.
 */
import type { JsonSchema } from '../../../engine/core/block.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { Field } from './Field.tsx';
import { FLOW_SCHEMA } from './schema-kinds.ts';
import { PromptsEditor } from './PromptsEditor.tsx';

const PROPERTIES = FLOW_SCHEMA.properties as Record<string, JsonSchema>;
const REQUIRED = FLOW_SCHEMA.required as string[];
const FIELDS: Array<[name: string, label?: string]> = [
  ['name'],
  ['description'],
  ['start', 'Start state'],
  ['on', 'Flow-wide handlers'],
  ['settings'],
  ['variables'],
];

interface FlowInspectorProps {
  flow: FlowValue;
  promptFiles: string[];
  onChange: (property: string, value: unknown) => void;
  /** Opens the dialog that changes the flow's file id (the file is renamed on disk). */
  onChangeId?: () => void;
}

export function FlowInspector({ flow, promptFiles, onChange, onChangeId }: FlowInspectorProps) {
  return (
    <div className="flow-inspector" aria-label="Flow settings">
      <header className="inspector-header">
        <div>
          <h2>{typeof flow.name === 'string' && flow.name ? flow.name : 'This flow'}</h2>
          <p className="block-description">Select a block on the canvas to edit it. These settings apply to the whole flow.</p>
          <p className="file-id">
            File id <code>{flow.id}</code>{' '}
            {onChangeId && (
              <button type="button" className="link" onClick={onChangeId}>
                Change file id…
              </button>
            )}
          </p>
        </div>
      </header>
      {FIELDS.map(([name, label]) => (
        <Field
          key={name}
          name={name}
          label={label}
          schema={PROPERTIES[name]}
          value={flow[name]}
          required={REQUIRED.includes(name)}
          onChange={(value) => onChange(name, value)}
        />
      ))}
      <PromptsEditor flow={flow} promptFiles={promptFiles} onChange={(prompts) => onChange('prompts', prompts)} />
    </div>
  );
}
