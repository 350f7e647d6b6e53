import { describe, expect, it } from 'vitest';
import { drive, flowWith } from '../testing.ts';

describe('end block', () => {
  it('ends the flow without any Graph request', () => {
    const d = drive(flowWith({ e: { type: 'end' } }));
    expect(d.effects).toEqual([]);
    expect(d.result.record.status).toBe('done');
  });

  it('is where the hangup handler finishes after the caller left', () => {
    const d = drive(flowWith({ p: { type: 'play', prompts: ['welcome'], next: 'next' }, bye: { type: 'end' } }, { on: { hangup: 'bye' } }));
    d.send({ type: 'call.terminated', code: 0, subcode: 5010 });
    expect(d.value()).toBe('bye');
    expect(d.result.record.status).toBe('done');
    expect(d.effects.map((e) => e.type)).toEqual(['graph.playPrompt']);
  });
});
