import { describe, expect, it } from 'vitest';
import type { FlowValue } from '../document/flow-value.ts';
import { stateSummary } from './state-summary.ts';

const flow: FlowValue = {
  prompts: { moment: { 'en-US': { text: 'Please hold.' } } },
  states: {},
};

describe('a state box summary', () => {
  it('says what the caller hears while a waitFor block waits with hold music', () => {
    const lines = stateSummary(flow, { type: 'waitFor', event: 'join', holdMusic: { prompts: ['moment'] }, next: 'a', timeout: 'b' });
    expect(lines).toContain('Hold music: “Please hold.”');
  });

  it('names a prompt key that has no words', () => {
    const lines = stateSummary({ ...flow, prompts: {} }, { type: 'waitFor', event: 'join', holdMusic: { prompts: ['music'] }, next: 'a', timeout: 'b' });
    expect(lines).toContain('Hold music: music');
  });
});
