/**
 * How a simulated call starts: who calls, what transfers do, when the call starts (in the flow's
 * own time zone, so "a Tuesday at 3 am" means 3 am at the office) and the start values of the
 * flow's variables, as a route would pass them.
 */
import type { FlowDocument, Json } from '../../../engine/core/types.ts';
import { flowTimeZone } from './start-time.ts';

export interface CallSetup {
  callerKind: 'phone' | 'user' | 'anonymous';
  identity: string;
  displayName: string;
  transfers: 'accept' | 'refuse';
  /** "2026-01-06T03:00" in the flow's time zone; empty: now. */
  startsAt: string;
  vars: Record<string, Json>;
}

export const DEFAULT_SETUP: CallSetup = { callerKind: 'phone', identity: '+14255550123', displayName: '', transfers: 'accept', startsAt: '', vars: {} };

type Variable = { type?: string; default?: Json };

function VariableInput({
  name,
  variable,
  value,
  onChange,
}: {
  name: string;
  variable: Variable;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
}) {
  const current = value ?? variable.default;
  if (variable.type === 'boolean')
    return (
      <label className="inline">
        <input type="checkbox" checked={current === true} onChange={(event) => onChange(event.target.checked)} /> {name}
      </label>
    );
  return (
    <label>
      {name}
      <input
        value={current === undefined ? '' : typeof current === 'string' ? current : JSON.stringify(current)}
        inputMode={variable.type === 'integer' || variable.type === 'number' ? 'decimal' : undefined}
        onChange={(event) => {
          const text = event.target.value;
          if (text === '') return onChange(undefined);
          if (variable.type === 'string') return onChange(text);
          try {
            onChange(JSON.parse(text) as Json);
          } catch {
            onChange(text);
          }
        }}
      />
    </label>
  );
}

export function SimSetup({
  flow,
  setup,
  onChange,
  disabled,
}: {
  flow?: FlowDocument;
  setup: CallSetup;
  onChange: (setup: CallSetup) => void;
  disabled: boolean;
}) {
  const set = (patch: Partial<CallSetup>) => onChange({ ...setup, ...patch });
  const variables = Object.entries((flow?.variables ?? {}) as Record<string, Variable>);
  const zone = flowTimeZone(flow);
  return (
    <fieldset className="sim-setup" disabled={disabled}>
      <legend>Caller</legend>
      <label>
        Calls as
        <select value={setup.callerKind} onChange={(event) => set({ callerKind: event.target.value as CallSetup['callerKind'] })}>
          <option value="phone">Phone number</option>
          <option value="user">Teams user</option>
          <option value="anonymous">Anonymous</option>
        </select>
      </label>
      {setup.callerKind !== 'anonymous' && (
        <label>
          {setup.callerKind === 'phone' ? 'Caller number' : 'Caller user id'}
          <input value={setup.identity} onChange={(event) => set({ identity: event.target.value })} />
        </label>
      )}
      <label>
        Caller name
        <input value={setup.displayName} onChange={(event) => set({ displayName: event.target.value })} placeholder="optional" />
      </label>
      <label>
        Transfers are
        <select value={setup.transfers} onChange={(event) => set({ transfers: event.target.value as CallSetup['transfers'] })}>
          <option value="accept">answered</option>
          <option value="refuse">refused</option>
        </select>
      </label>
      <label>
        Call starts at
        <input type="datetime-local" value={setup.startsAt} onChange={(event) => set({ startsAt: event.target.value })} aria-describedby="sim-start-zone" />
      </label>
      <p id="sim-start-zone" className="help">
        {zone ? `In the flow's time zone, ${zone}.` : 'In your time zone.'} Empty: now. Try a night, a weekend or a holiday.
      </p>
      {variables.length > 0 && (
        <fieldset className="sim-vars-setup">
          <legend>Start values</legend>
          {variables.map(([name, variable]) => (
            <VariableInput
              key={name}
              name={name}
              variable={variable}
              value={setup.vars[name]}
              onChange={(value) => {
                const vars = { ...setup.vars };
                if (value === undefined) delete vars[name];
                else vars[name] = value;
                set({ vars });
              }}
            />
          ))}
        </fieldset>
      )}
    </fieldset>
  );
}
