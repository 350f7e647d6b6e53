/**
 * One option of a block (or of the flow) as a labelled input chosen from its schema, with the
 * schema's description as help text. Groups (objects, lists, maps) label themselves.
 */
import { useId } from 'react';
import type { JsonSchema } from '../../../engine/core/block.ts';
import { fieldKind, helpText, humanize, type FieldKind } from './schema-kinds.ts';
import {
  BooleanControl,
  DurationControl,
  EnumControl,
  NumberControl,
  TargetControl,
  TextControl,
  VariableControl,
  type ControlProps,
} from './ScalarFields.tsx';
import { PromptKeyControl, PromptListControl } from './PromptFields.tsx';
import { JsonControl, ListControl, MapControl, ObjectControl, ObjectListControl } from './CollectionFields.tsx';
import { OneOrManyControl } from './OneOrManyControl.tsx';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  required?: boolean;
  label?: string;
  /** Leave out the schema's description (rows of a map or list, where it would repeat). */
  hideHelp?: boolean;
}

const GROUPS = new Set<FieldKind>(['object', 'map', 'list', 'objectList', 'promptList', 'oneOrMany']);

function Control({ kind, ...props }: ControlProps & { kind: FieldKind }) {
  switch (kind) {
    case 'target':
      return <TargetControl {...props} />;
    case 'promptKey':
      return <PromptKeyControl {...props} />;
    case 'promptList':
      return <PromptListControl {...props} />;
    case 'variable':
      return <VariableControl {...props} />;
    case 'expression':
      return <TextControl {...props} mono />;
    case 'enum':
      return <EnumControl {...props} />;
    case 'boolean':
      return <BooleanControl {...props} />;
    case 'duration':
      return <DurationControl {...props} />;
    case 'number':
      return <NumberControl {...props} />;
    case 'text':
      return <TextControl {...props} />;
    case 'longText':
      return <TextControl {...props} multiline />;
    case 'list':
      return <ListControl {...props} Field={Field} />;
    case 'objectList':
      return <ObjectListControl {...props} Field={Field} />;
    case 'object':
      return <ObjectControl {...props} Field={Field} />;
    case 'map':
      return <MapControl {...props} Field={Field} />;
    case 'oneOrMany':
      return <OneOrManyControl {...props} Field={Field} />;
    default:
      return <JsonControl {...props} />;
  }
}

export function Field({ name, schema, value, onChange, required = false, label, hideHelp }: FieldProps) {
  const id = useId();
  const kind = fieldKind(name, schema);
  const text = label ?? humanize(name, schema);
  const described = helpText(schema);
  // A help that only repeats the label ("Flow-wide handlers." under "Flow-wide handlers") says nothing.
  const help = hideHelp || described.replace(/\.$/, '').toLowerCase() === text.toLowerCase() ? '' : described;
  const control = (
    <Control
      kind={kind}
      id={id}
      name={name}
      label={text}
      schema={schema}
      value={value}
      required={required}
      onChange={onChange}
      describedBy={help ? `${id}-help` : undefined}
    />
  );
  if (GROUPS.has(kind)) {
    return (
      <fieldset className={`field-group kind-${kind}`}>
        <legend className={required ? 'is-required' : undefined}>{text}</legend>
        {help && (
          <p id={`${id}-help`} className="help">
            {help}
          </p>
        )}
        {control}
      </fieldset>
    );
  }
  return (
    <div className={`field kind-${kind}`}>
      <label htmlFor={id} className={required ? 'is-required' : undefined}>
        {text}
      </label>
      {control}
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
    </div>
  );
}
