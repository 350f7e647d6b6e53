import { describe, expect, it } from 'vitest';
import { hangup } from './index.ts';
import { drive, flowWith } from '../testing.ts';

describe('hangup block', () => {
  it('hangs up and ends the flow at once', () => {
    const d = drive(flowWith({ h: { type: 'hangup' } }));
    expect(d.effects).toEqual([{ type: 'graph.hangup', clientContext: 'h#1.0' }]);
    expect(d.result.record.status).toBe('done');
  });

  it('has no outcomes and counts as an end of the call for lint', () => {
    expect(hangup.outcomes({ type: 'hangup' })).toEqual([]);
    expect(hangup.ends).toBe(true);
  });
});
