/**
 * A state on the canvas: its id, block and roles, a few key options, its problems (an icon and a
 * count, with the sentences on hover and for screen readers), and along its bottom one tab per
 * port — the handle its line leaves from, labelled with the port — plus a "+ key" tab on blocks
 * with keys (a menu), dragged to a state to add the next key there. Lines come in at the top. The
 * geometry matches node-geometry.ts, which elkjs lays out with.
 */
import { memo, useLayoutEffect } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { StateNode as StateNodeType } from './flow-to-graph.ts';
import { CategoryIcon } from './block-style.tsx';
import { ADD_KEY_HANDLE, PORT_HEIGHT } from './node-geometry.ts';
import { diffClass } from '../history/diff-view.ts';

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
            {problem.message}
          </span>
        ))}
      </span>
    </span>
  );
}

function StateNodeView({ id, data, selected }: NodeProps<StateNodeType>) {
  // React Flow measures handles when a box changes size; tabs that change in a box of the same size
  // (another block under the same state id, a port renamed) are measured again here, or lines would
  // leave from where the old tabs were.
  const updateNodeInternals = useUpdateNodeInternals();
  const tabs = data.tabs.map((tab) => `${tab.id}:${tab.x}:${tab.width}`).join('|');
  useLayoutEffect(() => updateNodeInternals(id), [id, tabs, updateNodeInternals]);
  const classes = [
    'state-node',
    `category-${data.category}`,
    selected && 'is-selected',
    data.active && 'is-active',
    data.visited && 'is-visited',
    data.unreached && 'is-unreached',
    data.found && 'is-found',
    diffClass(data.diff),
    data.problems.some((p) => p.severity === 'error') && 'has-errors',
  ];
  const ports = new Map(data.ports.map((port) => [port.name, port]));
  return (
    <div className={classes.filter(Boolean).join(' ')} data-state={data.stateId} data-diff={data.diff} aria-current={data.active ? 'step' : undefined}>
      <Handle type="target" position={Position.Top} id="in" className="input-handle" aria-label={`Into ${data.stateId}`} />
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
      {data.tabs.map((tab) => {
        const port = ports.get(tab.id);
        const state = tab.id === ADD_KEY_HANDLE ? 'is-add' : port?.target ? 'is-connected' : port?.required ? 'is-missing' : 'is-open';
        return (
          <Handle
            key={tab.id}
            type="source"
            position={Position.Bottom}
            id={tab.id}
            className={`port-tab ${state}`}
            style={{ left: tab.x, width: tab.width, height: PORT_HEIGHT }}
            title={
              port
                ? `${port.description}${port.target ? ` Goes to ${port.target}.` : port.required ? ' Not connected yet: drag from here to a block.' : ''}`
                : 'Drag to a block to add a key that goes there'
            }
            aria-label={port ? `Port ${port.name} of ${data.stateId}${port.target ? `, goes to ${port.target}` : ''}` : `Add a key to ${data.stateId}`}
          >
            {tab.label}
          </Handle>
        );
      })}
    </div>
  );
}

export const StateNode = memo(StateNodeView);
