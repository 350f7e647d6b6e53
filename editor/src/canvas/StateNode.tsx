/**
 * A state on the canvas: its id, block and roles, a few key options, its problems (an icon and a
 * count, with the messages on hover and for screen readers) and one output handle per port. The
 * geometry matches node-geometry.ts, which elkjs lays out with.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StateNode as StateNodeType } from './flow-to-graph.ts';
import { CategoryIcon } from './block-style.tsx';
import { INPUT_Y, PORT_ROW } from './node-geometry.ts';

function ProblemBadge({ problems, stateId }: { problems: StateNodeType['data']['problems']; stateId: string }) {
  if (!problems.length) return null;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const label = errors ? `${errors} error${errors === 1 ? '' : 's'}` : `${problems.length} warning${problems.length === 1 ? '' : 's'}`;
  return (
    <span
      className={`problem-badge ${errors ? 'is-error' : 'is-warning'}`}
      tabIndex={-1}
      aria-label={`${label} in ${stateId}: ${problems.map((p) => p.message).join('; ')}`}
    >
      <span aria-hidden="true">{errors ? '✕' : '!'}</span> {errors || problems.length}
      <span className="problem-tooltip" role="tooltip">
        {problems.map((problem, index) => (
          <span key={index} className={`problem-line is-${problem.severity}`}>
            <strong>{problem.severity}</strong> {problem.message}
          </span>
        ))}
      </span>
    </span>
  );
}

function StateNodeView({ data, selected }: NodeProps<StateNodeType>) {
  const classes = [
    'state-node',
    `category-${data.category}`,
    selected && 'is-selected',
    data.active && 'is-active',
    data.found && 'is-found',
    data.problems.some((p) => p.severity === 'error') && 'has-errors',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-state={data.stateId} aria-current={data.active ? 'step' : undefined}>
      <Handle type="target" position={Position.Left} id="in" style={{ top: INPUT_Y }} aria-label={`Into ${data.stateId}`} />
      <header className="state-header">
        <span className="state-icon">
          <CategoryIcon category={data.category} />
        </span>
        <span className="state-titles">
          <span className="state-id">{data.stateId}</span>
          <span className="state-type">
            {data.title}
            {data.roles.map((role) => (
              <span key={role} className="state-role">
                {role}
              </span>
            ))}
          </span>
        </span>
        {data.active && (
          <span className="active-badge">
            <span aria-hidden="true">▶</span> In call
          </span>
        )}
        <ProblemBadge problems={data.problems} stateId={data.stateId} />
      </header>
      {data.summary.length > 0 && (
        <ul className="state-summary">
          {data.summary.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      <ul className="state-ports">
        {data.ports.map((port) => (
          <li
            key={port.name}
            className={`state-port ${port.target ? 'is-connected' : port.required ? 'is-missing' : ''}`}
            style={{ height: PORT_ROW }}
            title={port.description}
          >
            <span className="port-name">{port.name}</span>
            <span className="port-target">{port.target ? `→ ${port.target}` : port.required ? 'connect me' : ''}</span>
            <Handle type="source" position={Position.Right} id={port.name} aria-label={`Port ${port.name} of ${data.stateId}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export const StateNode = memo(StateNodeView);
