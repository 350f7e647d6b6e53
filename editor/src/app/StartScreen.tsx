/**
 * Shown before a flow is open: what to do first, the flows in the folder — "Deployed" only for
 * those that calls are really routed to (a route in flows/routes.json or the default flow) — and
 * a way to start a new one.
 */
import type { FlowListEntry } from '../files/engine-api.ts';

function deployment(flow: FlowListEntry): { kind: string; text: string; title: string } {
  if (flow.errors)
    return { kind: 'has-errors', text: `${flow.errors} problem${flow.errors === 1 ? '' : 's'} to fix`, title: 'Calls cannot run this flow until it is fixed' };
  if (flow.routed) return { kind: 'is-deployed', text: 'Deployed', title: 'Calls to its number or app run this flow' };
  return {
    kind: 'is-idle',
    text: 'Not taking calls',
    title: 'No route sends calls to this flow (flows/routes.json); other flows may use it as a subflow, or a bot may call out with it',
  };
}

export function StartScreen({ flows, onOpen, onNew }: { flows: FlowListEntry[]; onOpen: (id: string) => void; onNew: () => void }) {
  return (
    <div className="start-screen">
      <h1>Call flows</h1>
      <section className="first-steps" aria-labelledby="first-steps">
        <h2 id="first-steps">What to do first</h2>
        <ol>
          <li>Open a flow below to see how calls go through it, or create a new one.</li>
          <li>Drag blocks from the left onto the canvas, and connect each block’s tabs to the next block.</li>
          <li>Call it in Simulate and run its tests, then Save.</li>
        </ol>
      </section>
      <ul className="flow-cards">
        {flows.map((flow) => {
          const state = deployment(flow);
          return (
            <li key={flow.id}>
              <button type="button" onClick={() => onOpen(flow.id)} aria-label={`Open ${flow.id}`}>
                <strong>{flow.name ?? flow.id}</strong>
                <span>{flow.id}.flow.json</span>
                <span className={state.kind} title={state.title}>
                  {state.text}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="primary" onClick={onNew}>
        New flow
      </button>
    </div>
  );
}
