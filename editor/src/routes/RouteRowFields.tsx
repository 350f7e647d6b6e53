/** One route of the table as a form row: the called identity, the flow it reaches, a note, its variables, and its problems. */
import type { CalledFields, RouteRow } from './routes-table.ts';

interface RouteRowFieldsProps {
  row: RouteRow;
  index: number;
  flows: string[];
  problems: string[];
  disabled: boolean;
  onChange: (row: RouteRow) => void;
  onRemove: () => void;
  /** Moves the route one place up (-1) or down (1): the first route that matches wins. Absent at that end. */
  onMove: (step: -1 | 1) => void;
  last: boolean;
}

const CALLED: Array<[keyof CalledFields, string, string]> = [
  ['phone', 'Phone number', '+14255550100'],
  ['application', 'Application id', 'bot app id'],
  ['applicationInstance', 'Application instance id', 'resource account object id'],
];

export function RouteRowFields({ row, index, flows, problems, disabled, onChange, onRemove, onMove, last }: RouteRowFieldsProps) {
  const choices = row.flow && !flows.includes(row.flow) ? [row.flow, ...flows] : flows;
  return (
    <li className={problems.length ? 'route-row has-problems' : 'route-row'} aria-label={`Route ${index + 1}`} data-index={index}>
      <div className="route-fields">
        {CALLED.map(([field, label, placeholder]) => (
          <label key={field}>
            {label}
            <input
              value={row.called[field]}
              placeholder={placeholder}
              disabled={disabled}
              onChange={(event) => onChange({ ...row, called: { ...row.called, [field]: event.target.value } })}
            />
          </label>
        ))}
        <label>
          Flow
          <select value={row.flow} disabled={disabled} onChange={(event) => onChange({ ...row, flow: event.target.value })}>
            {!row.flow && <option value="">Choose a flow…</option>}
            {choices.map((flow) => (
              <option key={flow} value={flow}>
                {flow}
              </option>
            ))}
          </select>
        </label>
        <label className="route-description">
          Description
          <input value={row.description} disabled={disabled} onChange={(event) => onChange({ ...row, description: event.target.value })} />
        </label>
        <label>
          Variables (JSON)
          <input value={row.vars} placeholder='{"closed": true}' disabled={disabled} onChange={(event) => onChange({ ...row, vars: event.target.value })} />
        </label>
        <span className="route-buttons">
          <button type="button" className="secondary" disabled={disabled || index === 0} onClick={() => onMove(-1)} aria-label={`Move route ${index + 1} up`}>
            ↑
          </button>
          <button type="button" className="secondary" disabled={disabled || last} onClick={() => onMove(1)} aria-label={`Move route ${index + 1} down`}>
            ↓
          </button>
          <button type="button" className="secondary" disabled={disabled} onClick={onRemove} aria-label={`Remove route ${index + 1}`}>
            Remove
          </button>
        </span>
      </div>
      {problems.length > 0 && (
        <ul className="route-problems" role="alert">
          {problems.map((problem, at) => (
            <li key={at}>{problem}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
