/**
 * Inputs for structured options: an object as its fields (with a "kind" choice when exactly one of
 * several properties must be given, as for a participant), a map as key → value rows with an add
 * row (menu choices, variables), lists of values and of objects, and raw JSON for what the schema
 * leaves open (an HTTP body).
 */
import { useId, useState } from 'react';
import type { JsonSchema } from '../../../engine/core/block.ts';
import { exclusiveChoices, fieldKind, humanize, refName, resolve, scalarProblem } from './schema-kinds.ts';
import type { ComponentType } from 'react';
import type { FieldProps } from './Field.tsx';
import type { ControlProps } from './ScalarFields.tsx';
import { useFormContext } from './form-context.ts';

/** A structured control renders its parts as fields: Field hands itself down, so the two modules do not import each other. */
export type CollectionProps = ControlProps & { Field: ComponentType<FieldProps> };

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const withKey = (object: Json, key: string, value: unknown): Json | undefined => {
  const next = { ...object };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return Object.keys(next).length ? next : undefined;
};

export function ObjectControl({ schema, value, onChange, Field }: CollectionProps) {
  const resolved = resolve(schema);
  const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
  const required = (resolved.required ?? []) as string[];
  const exclusive = exclusiveChoices(schema);
  const object = asObject(value);
  const [kind, setKind] = useState(exclusive?.find((key) => object[key] !== undefined) ?? exclusive?.[0] ?? '');
  const kindId = useId();
  const shown = Object.keys(properties).filter((key) => !exclusive?.includes(key) || key === kind);
  return (
    <div className="object-fields">
      {exclusive && (
        <div className="field">
          <label htmlFor={kindId}>Kind</label>
          <select
            id={kindId}
            value={kind}
            onChange={(event) => {
              const carried = exclusive.map((key) => object[key]).find((old) => old !== undefined);
              const next = Object.fromEntries(Object.entries(object).filter(([key]) => !exclusive.includes(key)));
              setKind(event.target.value);
              onChange(carried === undefined ? (Object.keys(next).length ? next : undefined) : { [event.target.value]: carried, ...next });
            }}
          >
            {exclusive.map((key) => (
              <option key={key} value={key}>
                {humanize(key)}
              </option>
            ))}
          </select>
        </div>
      )}
      {shown.map((key) => (
        <Field
          key={key}
          name={key}
          schema={properties[key]}
          value={object[key]}
          required={required.includes(key) || key === kind}
          onChange={(next) => onChange(withKey(object, key, next))}
        />
      ))}
    </div>
  );
}

/** The add row of a map or list: a new key (maps), a value when it is a scalar, and an Add button. */
function AddRow({
  label,
  keySchema,
  valueSchema,
  taken,
  onAdd,
}: {
  label: string;
  keySchema?: JsonSchema;
  valueSchema: JsonSchema;
  taken: string[];
  onAdd: (key: string, value: unknown) => void;
}) {
  const { flow } = useFormContext();
  const id = useId();
  const [key, setKey] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const valueKind = fieldKind('value', valueSchema);
  const keyIsVariable = keySchema && refName(keySchema) === 'variableName';
  const variables = Object.keys(asObject(flow.variables));
  const needsText = !['target', 'object', 'objectList', 'list', 'map', 'json', 'promptList'].includes(valueKind);
  const add = () => {
    if (keySchema) {
      const problem = !key ? 'enter a key' : taken.includes(key) ? `'${key}' is already there` : scalarProblem(keySchema, key);
      if (problem) return setError(`Key ${problem}`);
    }
    let value: unknown = valueKind === 'list' || valueKind === 'objectList' || valueKind === 'promptList' ? [] : {};
    if (valueKind === 'target') {
      if (!text) return setError('choose a state');
      value = text;
    } else if (needsText) {
      value = ['number', 'duration'].includes(valueKind) ? Number(text) : valueKind === 'boolean' ? text === 'true' : text;
      const problem = scalarProblem(valueSchema, value) ?? (text === '' ? 'enter a value' : undefined);
      if (problem) return setError(`Value ${problem}`);
    }
    onAdd(key, value);
    setKey('');
    setText('');
    setError(undefined);
  };
  return (
    <div className="add-row">
      {keySchema &&
        (keyIsVariable ? (
          <select aria-label={`${label}: new key`} value={key} onChange={(event) => setKey(event.target.value)}>
            <option value="">Variable…</option>
            {variables
              .filter((name) => !taken.includes(name))
              .map((name) => (
                <option key={name}>{name}</option>
              ))}
          </select>
        ) : (
          <input aria-label={`${label}: new key`} placeholder="Key" value={key} onChange={(event) => setKey(event.target.value)} className="key-input" />
        ))}
      {valueKind === 'target' && (
        <select aria-label={`${label}: new target`} value={text} onChange={(event) => setText(event.target.value)}>
          <option value="">Goes to…</option>
          {Object.keys(flow.states ?? {}).map((state) => (
            <option key={state}>{state}</option>
          ))}
        </select>
      )}
      {needsText && (
        <input
          aria-label={`${label}: new value`}
          placeholder="Value"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && add()}
        />
      )}
      <button type="button" className="secondary" onClick={add} aria-describedby={error ? `${id}-error` : undefined}>
        Add
      </button>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function MapControl({ label, schema, value, onChange, Field }: CollectionProps) {
  const resolved = resolve(schema);
  const valueSchema = resolved.additionalProperties as JsonSchema;
  const object = asObject(value);
  return (
    <div className="map-fields">
      {Object.entries(object).map(([key, item]) => (
        <div key={key} className="map-row">
          <Field
            name={key}
            label={fieldKind('value', valueSchema) === 'target' ? `${key} goes to` : `${label} ${key}`}
            schema={valueSchema}
            value={item}
            required
            hideHelp
            onChange={(next) => onChange(withKey(object, key, next))}
          />
          <button type="button" className="icon" aria-label={`Remove ${label} ${key}`} onClick={() => onChange(withKey(object, key, undefined))}>
            ✕
          </button>
        </div>
      ))}
      <AddRow
        label={label}
        keySchema={(resolved.propertyNames as JsonSchema) ?? { type: 'string', minLength: 1 }}
        valueSchema={valueSchema}
        taken={Object.keys(object)}
        onAdd={(key, item) => onChange({ ...object, [key]: item })}
      />
    </div>
  );
}

export function ListControl({ label, schema, value, onChange, Field }: CollectionProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = resolve(schema).items as JsonSchema;
  return (
    <div className="list-fields">
      {items.map((item, index) => (
        <div key={index} className="map-row">
          <Field
            name="item"
            label={`${label} ${index + 1}`}
            schema={itemSchema}
            value={item}
            required
            hideHelp
            onChange={(next) => onChange(next === undefined ? items.filter((_, at) => at !== index) : items.map((old, at) => (at === index ? next : old)))}
          />
          <button
            type="button"
            className="icon"
            aria-label={`Remove ${label} ${index + 1}`}
            onClick={() => onChange(items.length > 1 ? items.filter((_, at) => at !== index) : undefined)}
          >
            ✕
          </button>
        </div>
      ))}
      <AddRow label={label} valueSchema={itemSchema} taken={[]} onAdd={(_key, item) => onChange([...items, item])} />
    </div>
  );
}

export function ObjectListControl({ label, schema, value, onChange, Field }: CollectionProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = resolve(schema).items as JsonSchema;
  return (
    <div className="list-fields">
      {items.map((item, index) => (
        <fieldset key={index} className="list-item">
          <legend>
            {label} {index + 1}
          </legend>
          <ObjectControl
            id={`${label}-${index}`}
            name="item"
            label={`${label} ${index + 1}`}
            schema={itemSchema}
            value={item}
            required
            onChange={(next) => onChange(items.map((old, at) => (at === index ? (next ?? {}) : old)))}
            Field={Field}
          />
          <button type="button" className="secondary" onClick={() => onChange(items.length > 1 ? items.filter((_, at) => at !== index) : undefined)}>
            Remove {label.toLowerCase()} {index + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...items, {}])}>
        Add to {label.toLowerCase()}
      </button>
    </div>
  );
}

export function JsonControl({ id, value, onChange, describedBy }: ControlProps) {
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const shown = draft ?? (value === undefined ? '' : JSON.stringify(value, null, 2));
  return (
    <>
      <textarea
        id={id}
        className="mono"
        rows={4}
        value={shown}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (draft === undefined) return;
          try {
            onChange(draft.trim() === '' ? undefined : JSON.parse(draft));
            setDraft(undefined);
            setError(undefined);
          } catch {
            setError('not valid JSON');
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
