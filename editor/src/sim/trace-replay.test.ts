import { describe, expect, it } from 'vitest';
import mainMenu from '../../../flows/main-menu.flow.json';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { Simulation } from './simulation.ts';
import { traceFlowId, traceSteps } from './trace-replay.ts';

describe('replaying a call trace', () => {
  it('walks the stepper trace state by state, as the engine serves it', () => {
    const sim = new Simulation({ flow: mainMenu as unknown as FlowDocument, subflows: new Map(), caller: {}, transfers: 'accept', promptDurations: new Map() });
    while (sim.state !== 'mainMenu' && sim.skipToNext());
    sim.press('2');
    const body = { callId: 'c1', flowId: 'main-menu', entries: [{ at: 1, kind: 'notification', events: ['call.established'] }, ...sim.call.trace] };
    const steps = traceSteps(body);
    expect(traceFlowId(body)).toBe('main-menu');
    expect(steps[0].description).toBe('notification {"events":["call.established"]}');
    expect([...new Set(steps.map((step) => step.state).filter(Boolean))]).toEqual(['answer', 'welcome', 'mainMenu', 'support']);
    expect(steps.some((step) => step.description === 'mainMenu left through 2 to support')).toBe(true);
  });

  it('refuses what is not a trace', () => {
    expect(() => traceSteps({ hello: 1 })).toThrow(/not a call trace/);
  });
});
