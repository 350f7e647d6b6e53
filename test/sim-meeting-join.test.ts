/**
 * The simulator joins a meeting the way the engine would send it: a meeting ID, a /meet/ link or a
 * classic link rendered from the call's variables is joined (the meeting answers), while a value
 * that renders to something the Graph adapter would refuse to send fails the join at once and the
 * flow leaves through the block's error port, as it does on a real call.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/core/sim/scenario.ts';
import type { FlowDocument, Json } from '../engine/core/types.ts';
import { compile } from '../engine/blocks/language.ts';

const FLOW = {
  id: 'meeting-by-id',
  version: 1,
  name: 'Join by meeting ID',
  start: 'join',
  variables: { meetingId: { type: 'string' }, passcode: { type: 'string' }, link: { type: 'string' } },
  states: {
    join: { type: 'joinMeeting', meetingId: '{{vars.meetingId}}', passcode: '{{vars.passcode}}', next: 'leave', error: 'joinFailed' },
    byLink: { type: 'joinMeeting', joinUrl: '{{vars.link}}', next: 'leave', error: 'joinFailed' },
    leave: { type: 'hangup' },
    joinFailed: { type: 'end' },
  },
} as unknown as FlowDocument;

function statesOf(start: string, vars: Record<string, Json>): string[] {
  const compiled = compile({ flow: { ...FLOW, start } as FlowDocument, hash: `sim-${start}` });
  return runScenario(compiled, { name: 'join', call: { direction: 'outgoing', vars }, steps: [{ wait: '10s' }] }).statesEntered;
}

describe('joining a meeting in the simulator', () => {
  it('joins by a meeting ID and passcode and goes on to next', () => {
    expect(statesOf('join', { meetingId: '234 567 890 123', passcode: 'Xy7Ab2' })).toEqual(['join', 'leave']);
  });

  it('joins by a /meet/ link on a DoD host', () => {
    expect(statesOf('byLink', { link: 'https://dod.teams.microsoft.us/meet/234567890123?p=Xy7Ab2' })).toEqual(['byLink', 'leave']);
  });

  it('fails the join through error when the meeting ID renders to something that is not one', () => {
    expect(statesOf('join', { meetingId: 'tomorrow', passcode: 'Xy7Ab2' })).toEqual(['join', 'joinFailed']);
  });

  it('fails the join through error when the link renders to a chat link', () => {
    expect(statesOf('byLink', { link: 'https://teams.microsoft.com/l/chat/0/0?users=joe@contoso.com' })).toEqual(['byLink', 'joinFailed']);
  });
});
