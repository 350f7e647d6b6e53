/** What happened in the simulated call, newest last, and the call's variables now. */
import { useEffect, useRef } from 'react';
import type { Simulation } from './simulation.ts';
import { timelineLine } from './timeline.ts';

const KIND_LABEL = { caller: 'Caller', flow: 'Bot', event: 'Event', error: 'Error' };

export function SimTimeline({ simulation, revision }: { simulation: Simulation; revision: number }) {
  const list = useRef<HTMLOListElement>(null);
  const lines = simulation.call.log.map((entry) => timelineLine(entry, simulation.startedAt)).filter((line) => line !== undefined);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [revision]);
  const vars = Object.entries(simulation.vars);
  return (
    <div className="sim-timeline">
      <h3>Timeline</h3>
      <ol ref={list} aria-label="Timeline">
        {lines.map((line, index) => (
          <li key={index} className={`timeline-${line.kind}`}>
            <span className="timeline-time">{(line.at / 1000).toFixed(1)} s</span>
            <span className="timeline-kind">{KIND_LABEL[line.kind]}</span>
            <span className="timeline-text">{line.text}</span>
          </li>
        ))}
      </ol>
      <h3>Variables</h3>
      {vars.length ? (
        <table className="sim-vars">
          <tbody>
            {vars.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="help">This flow declares no variables.</p>
      )}
    </div>
  );
}
