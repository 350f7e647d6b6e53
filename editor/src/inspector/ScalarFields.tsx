/**
 * Inputs for single values: text, numbers, durations with a unit, choices from an enum, yes/no,
 * and pickers for states and variables of the flow. Each writes `undefined` to remove an option,
 * so clearing a field leaves the block's default in force and the JSON minimal.
 */
import { useState } from 'react';
import type { JsonSchema } from '../../../engine/core/block.ts';
import { resolve, scalarProblem } from './schema-kinds.ts';
import { DraftInput } from './DraftInput.tsx';
import { useFormContext } from './form-context.ts';

export interface ControlProps {
  id: string;
  name: string;
  /** The field's visible label, for the accessible names of secondary inputs. */
  label: string;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  onChange: (value: unknown) => void;
  describedBy?: string;
}

export function TextControl({ id, schema, value, required, onChange, describedBy, multiline, mono }: ControlProps & { multiline?: boolean; mono?: boolean }) {
  return (
    <DraftInput
      id={id}
      className={mono ? 'mono' : undefined}
      multiline={multiline}
      value={typeof value === 'string' ? value : ''}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      onCommit={(text) => {
        if (text === '') return void onChange(undefined);
        return scalarProblem(schema, text) ?? void onChange(text);
      }}
    />
  );
}

export function NumberControl({ id, schema, value, required, onChange, describedBy }: ControlProps) {
  const fallback = resolve(schema).default;
  return (
    <DraftInput
      id={id}
      inputMode="decimal"
      value={typeof value === 'number' ? String(value) : ''}
      placeholder={fallback !== undefined ? `${fallback} (default)` : undefined}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      onCommit={(text) => {
        if (text.trim() === '') return void onChange(undefined);
        const number = Number(text);
        if (!Number.isFinite(number)) return 'enter a number';
        return scalarProblem(schema, number) ?? void onChange(number);
      }}
    />
  );
}

const UNITS = [
  { name: 'seconds', factor: 1 },
  { name: 'minutes', factor: 60 },
  { name: 'hours', factor: 3600 },
];

export function DurationControl({ id, label, schema, value, required, onChange, describedBy }: ControlProps) {
  const seconds = typeof value === 'number' ? value : undefined;
  const natural = seconds !== undefined && seconds >= 60 ? [...UNITS].reverse().find((unit) => seconds % unit.factor === 0) : undefined;
  const [unitName, setUnitName] = useState(natural?.name ?? 'seconds');
  const unit = UNITS.find((candidate) => candidate.name === unitName)!;
  const resolved = resolve(schema);
  const fallback = resolved.default;
  return (
    <span className="duration">
      <DraftInput
        id={id}
        inputMode="decimal"
        value={seconds === undefined ? '' : String(seconds / unit.factor)}
        placeholder={typeof fallback === 'number' ? `${fallback / unit.factor} (default)` : undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        onCommit={(text) => {
          if (text.trim() === '') return void onChange(undefined);
          const number = Number(text) * unit.factor;
          if (!Number.isFinite(number)) return 'enter a number';
          const problem = scalarProblem(schema, number);
          return problem ? `${problem.replace(/(\d+)$/, '$1 seconds')}` : void onChange(number);
        }}
      />
      <select aria-label={`${label} unit`} value={unit.name} onChange={(event) => setUnitName(event.target.value)}>
        {UNITS.filter((candidate) => candidate.factor === 1 || Number(resolved.maximum ?? Infinity) >= candidate.factor).map((candidate) => (
          <option key={candidate.name} value={candidate.name}>
            {candidate.name}
          </option>
        ))}
      </select>
    </span>
  );
}

export function EnumControl({ id, schema, value, required, onChange, describedBy }: ControlProps) {
  const resolved = resolve(schema);
  const options = resolved.enum as unknown[];
  const fallback = resolved.default;
  const index = options.findIndex((option) => option === value);
  return (
    <select
      id={id}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      value={index < 0 ? '' : String(index)}
      onChange={(event) => onChange(event.target.value === '' ? undefined : options[Number(event.target.value)])}
    >
      <option value="">{fallback !== undefined ? `Default (${JSON.stringify(fallback)})` : 'Choose…'}</option>
      {options.map((option, position) => (
        <option key={position} value={String(position)}>
          {option === '' ? '(none)' : String(option)}
        </option>
      ))}
    </select>
  );
}

export function BooleanControl({ id, schema, value, onChange, describedBy }: ControlProps) {
  const fallback = resolve(schema).default === true;
  const checked = typeof value === 'boolean' ? value : fallback;
  return (
    <input
      id={id}
      type="checkbox"
      aria-describedby={describedBy}
      checked={checked}
      onChange={(event) => onChange(event.target.checked === fallback ? undefined : event.target.checked)}
    />
  );
}

export function TargetControl({ id, value, required, onChange, describedBy }: ControlProps) {
  const { flow } = useFormContext();
  const states = Object.keys(flow.states ?? {});
  const current = typeof value === 'string' ? value : '';
  return (
    <select
      id={id}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      value={current}
      onChange={(event) => onChange(event.target.value || undefined)}
      className={!current && required ? 'is-unset' : undefined}
    >
      <option value="">{required ? 'Choose a state…' : 'Not connected'}</option>
      {current && !states.includes(current) && <option value={current}>{current} (missing)</option>}
      {states.map((state) => (
        <option key={state} value={state}>
          {state}
        </option>
      ))}
    </select>
  );
}

export function VariableControl({ id, value, required, onChange, describedBy }: ControlProps) {
  const { flow } = useFormContext();
  const variables = Object.keys((flow.variables as Record<string, unknown>) ?? {});
  const current = typeof value === 'string' ? value : '';
  return (
    <select
      id={id}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      value={current}
      onChange={(event) => onChange(event.target.value || undefined)}
    >
      <option value="">{variables.length ? 'Choose a variable…' : 'Declare variables in the flow settings first'}</option>
      {current && !variables.includes(current) && <option value={current}>{current} (not declared)</option>}
      {variables.map((variable) => (
        <option key={variable} value={variable}>
          {variable}
        </option>
      ))}
    </select>
  );
}
