import { describe, expect, it } from 'vitest';
import { dial } from '../../../engine/blocks/dial/index.ts';
import { stateSummary } from '../canvas/state-summary.ts';
import type { FlowValue, StateValue } from '../document/flow-value.ts';
import { fieldKind, oneOrMany, refName, resolve } from './schema-kinds.ts';

const to = dial.properties.to;
const flow = { id: 'f', version: 1, name: 'F', start: 'd', states: {} } as unknown as FlowValue;

describe("an option taking one thing or a list (a dial's to)", () => {
  it('is edited as one or several, each form by its own schema', () => {
    expect(fieldKind('to', to)).toBe('oneOrMany');
    const forms = oneOrMany(to)!;
    expect(refName(forms.one)).toBe('participant');
    expect(resolve(forms.many)).toMatchObject({ type: 'array', minItems: 2, maxItems: 5 });
    expect(fieldKind('item', forms.many)).toBe('objectList');
    expect(oneOrMany(dial.properties.ringTimeoutSeconds)).toBeUndefined();
  });

  it('sums up on the canvas as the one party or the people of the group call', () => {
    const one = { type: 'dial', to: { phone: '+14255550100', displayName: 'Desk' }, next: 'x' } as unknown as StateValue;
    const group = { type: 'dial', to: [{ user: 'u-1', displayName: 'Ana' }, { user: 'u-2' }], next: 'x' } as unknown as StateValue;
    expect(stateSummary(flow, one)[0]).toBe('To: Desk (+14255550100)');
    expect(stateSummary(flow, group)[0]).toBe('To: Ana, Teams user');
  });
});
