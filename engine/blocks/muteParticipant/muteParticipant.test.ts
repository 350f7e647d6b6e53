import { describe, expect, it } from 'vitest';
import { muteParticipant } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const state = { type: 'muteParticipant', participant: '{{vars.choice}}', next: 'next', error: 'other' };
const withGuest = () => flowWith({ s: { type: 'set', values: { choice: '"guest-1"' }, next: 'p' }, p: state });

describe('muteParticipant block', () => {
  it('accepts its example and requires a participant', () => {
    expect(problemsOf(flowWith({ p: muteParticipant.examples[0] }))).toEqual([]);
    const problems = problemsOf(flowWith({ p: { type: 'muteParticipant', next: 'next' } }));
    expect(problems.map((problem) => [problem.pointer, problem.code])).toEqual([['/states/p', 'schema.required']]);
  });

  it('asks Graph to mute the participant the template names, and continues when Graph has done it', () => {
    const d = drive(withGuest());
    const effect = d.effects.find((candidate) => candidate.type === 'graph.muteParticipant');
    expect(effect).toMatchObject({ participantId: 'guest-1', clientContext: 'p#1.0' });
    d.send({ type: 'operation.completed', kind: 'muteParticipant', clientContext: 'p#1.0' });
    expect(d.ports).toEqual(['s:next', 'p:next']);
  });

  it('takes the error port when Graph refuses, and ignores the answer to another operation', () => {
    const d = drive(withGuest());
    d.send({ type: 'operation.completed', kind: 'muteParticipant', clientContext: 'p#0.0' });
    expect(d.ports).toEqual(['s:next']);
    d.send({ type: 'operation.failed', kind: 'muteParticipant', clientContext: 'p#1.0', result: { code: 404 } });
    expect(d.ports).toEqual(['s:next', 'p:error']);
  });

  it('needs the permission to act in group calls', () => {
    expect(muteParticipant.permissions).toEqual(['Calls.JoinGroupCall.All']);
  });
});
