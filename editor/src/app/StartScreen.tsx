/** Shown before a flow is open: the flows in the folder, and a way to start a new one. */
import type { FlowListEntry } from '../files/engine-api.ts';

export function StartScreen({ flows, onOpen, onNew }: { flows: FlowListEntry[]; onOpen: (id: string) => void; onNew: () => void }) {
  return (
    <div className="start-screen">
      <h1>Call flows</h1>
      <p>Open a flow to edit, test and save it, or start a new one.</p>
      <ul className="flow-cards">
        {flows.map((flow) => (
          <li key={flow.id}>
            <button type="button" onClick={() => onOpen(flow.id)} aria-label={`Open ${flow.id}`}>
              <strong>{flow.name ?? flow.id}</strong>
              <span>{flow.id}.flow.json</span>
              <span className={flow.errors ? 'has-errors' : 'is-clean'}>
                {flow.errors ? `${flow.errors} error${flow.errors === 1 ? '' : 's'}` : 'Deployed'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="primary" onClick={onNew}>
        New flow
      </button>
    </div>
  );
}
