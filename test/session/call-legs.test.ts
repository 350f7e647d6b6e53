/**
 * Call legs inside the session layer: a dial with `leg` places a second call whose Graph id is
 * linked to the run; its notifications become the leg's own events (a key on the leg is not a key
 * on the main call, and the other way round); effects on the leg go to its call; an invite with
 * `fromLeg` names it as replacesCallId; an action on an ended leg takes the block's error port;
 * keepAlive goes to each leg that is up; and when the run ends, the legs still up are hung up.
 */
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig } from './fixture.ts';
import { DIALER, incoming, played, state, tone } from './flows.ts';

const AGENT = 'agent-oid';
const LEGGED: FlowDocument = {
  id: 'legged',
  version: 1,
  name: 'legged',
  start: 'answer',
  prompts: { ask: { 'en-US': { file: 'prompts/en-US/menu.wav', text: 'Press 1.' } } },
  states: {
    answer: { type: 'answer', next: 'call' },
    call: { type: 'dial', to: { user: AGENT }, leg: 'agent', next: 'ask', failed: 'bye' },
    ask: { type: 'gather', prompts: ['ask'], leg: 'agent', maxDigits: 1, finishOnKey: '', next: 'move', noInput: 'bye' },
    move: { type: 'invite', participants: [{ user: AGENT }], fromLeg: 'agent', next: 'after', failed: 'bye' },
    after: { type: 'play', prompts: ['ask'], leg: 'agent', next: 'bye', error: 'apology' },
    apology: { type: 'play', prompts: ['ask'], next: 'bye' },
    bye: { type: 'hangup' },
  },
};

function leggedRig() {
  const r = rig({ routes: new CallRouter([{ called: { application: APP }, flow: 'legged' }]) });
  r.flows.add(LEGGED);
  return r;
}
const notify = (r: ReturnType<typeof rig>, callId: string, notification: unknown) => r.sessions.notify(notification, { graphCallId: callId });
const flowCall = async (r: ReturnType<typeof rig>, id: string) =>
  ((await r.store.get(id))?.record?.snapshot as { context?: { call?: Record<string, unknown> } } | undefined)?.context?.call;
const flowState = async (r: ReturnType<typeof rig>, id: string) =>
  JSON.stringify(((await r.store.get(id))?.record?.snapshot as { value?: unknown } | undefined)?.value);

/** An incoming call c1 whose flow has placed leg `agent` (Graph id graph-call-1), answered and asking its question. */
async function withAgentOnTheLine() {
  const r = leggedRig();
  await notify(r, 'c1', incoming('c1'));
  await notify(r, 'c1', state('c1', 'established'));
  await r.settle();
  await notify(r, 'graph-call-1', state('graph-call-1', 'established'));
  await r.settle();
  return r;
}

describe('call legs in the session', () => {
  it('links the leg’s Graph id to the run and sends the leg’s effects to its own call', async () => {
    const r = await withAgentOnTheLine();
    const create = r.graph.calls.find((call) => call.effect.type === 'graph.createCall')!;
    expect(create.effect).toMatchObject({ to: { user: AGENT }, leg: 'agent' });
    expect(await r.store.resolve('graph-call-1')).toBe('c1');
    const session = await r.store.get('c1');
    expect(session?.graphCallId).toBe('c1');
    expect(session?.legs?.agent).toMatchObject({ graphCallId: 'graph-call-1', state: 'up' });
    // The question is asked on the leg, and the leg's keys are listened to there.
    const asked = r.graph.calls.filter((call) => call.effect.leg === 'agent').map((call) => [call.effect.type, call.context.graphCallId]);
    expect(asked).toEqual([
      ['graph.createCall', undefined],
      ['graph.subscribeToTone', 'graph-call-1'],
      ['graph.playPrompt', 'graph-call-1'],
    ]);
    expect(await flowState(r, 'c1')).toContain('ask');
    // The main call's Graph id, for an incoming call the id the session is named after.
    expect(await flowCall(r, 'c1')).toMatchObject({ id: 'c1', graphId: 'c1' });
  });

  it('gives a call the engine placed its Graph id as call.graphId once established, keeping call.id the run’s own', async () => {
    const r = rig();
    r.flows.add(DIALER);
    const { callId } = await r.sessions.placeCall('dialer', { vars: { phone: '+14255550100' } });
    await r.settle();
    expect((await flowCall(r, callId))?.graphId).toBeUndefined();
    await notify(r, 'graph-call-1', state('graph-call-1', 'established'));
    await r.settle();
    expect(await flowCall(r, callId)).toMatchObject({ id: callId, graphId: 'graph-call-1' });
  });

  it('tells a key on the main call from a key on the leg, and invites the agent replacing their call', async () => {
    const r = await withAgentOnTheLine();
    const asked = r.graph.last('graph.playPrompt', 'c1')!;
    await notify(r, 'graph-call-1', played('graph-call-1', String(asked.clientContext)));
    // The caller presses 1 on the main call: not the agent's answer.
    await notify(r, 'c1', tone('c1', 1, 'tone1'));
    await r.settle();
    expect(r.graph.types('c1')).not.toContain('graph.invite');
    expect(await flowState(r, 'c1')).toContain('ask');

    await notify(r, 'graph-call-1', tone('graph-call-1', 1, 'tone1'));
    await r.settle();
    const invite = r.graph.calls.find((call) => call.effect.type === 'graph.invite')!;
    expect(invite.effect).toMatchObject({ participants: [{ user: AGENT }], replacesCallId: 'graph-call-1' });
    expect(invite.effect.leg).toBeUndefined();
    expect(invite.context.graphCallId).toBe('c1');
    const trace = await r.store.readTrace('c1');
    const events = trace.filter((entry) => entry.kind === 'event').map((entry) => (entry.event as { type: string; leg?: string }).type);
    expect(events).toContain('leg.established');
    expect(events).toContain('leg.tone');
  });

  it('takes the error port, with the reason in the trace, for an action on a leg that has ended', async () => {
    const r = await withAgentOnTheLine();
    const asked = r.graph.last('graph.playPrompt', 'c1')!;
    await notify(r, 'graph-call-1', played('graph-call-1', String(asked.clientContext)));
    await notify(r, 'graph-call-1', tone('graph-call-1', 1, 'tone1'));
    await r.settle();
    // Graph drops the replaced call once the agent is in the meeting, and the invite completes.
    await notify(r, 'graph-call-1', state('graph-call-1', 'terminated', { resultInfo: { code: 200, subcode: 0 } }));
    const invite = r.graph.last('graph.invite', 'c1')!;
    await notify(r, 'c1', {
      changeType: 'deleted',
      resourceUrl: '/communications/calls/c1/operations/invite-1',
      resourceData: {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        status: 'completed',
        clientContext: invite.clientContext,
        resultInfo: { code: 200, subcode: 0 },
      },
    });
    await r.settle();
    expect((await r.store.get('c1'))?.legs?.agent?.state).toBe('gone');
    // `after` plays on the ended leg: nothing is sent, and the flow goes on at its error port.
    const onLeg = r.graph.calls.filter((call) => call.effect.leg === 'agent' && call.effect.type === 'graph.playPrompt');
    expect(onLeg).toHaveLength(1);
    const trace = await r.store.readTrace('c1');
    expect(trace.find((entry) => entry.kind === 'graph.skipped' && entry.leg === 'agent')).toMatchObject({ reason: "the call leg 'agent' has ended" });
    expect(trace.some((entry) => entry.kind === 'port' && entry.state === 'after' && entry.port === 'error')).toBe(true);
    expect(await flowState(r, 'c1')).toContain('apology');
  });

  it('sends keepAlive to the leg as to the main call', async () => {
    const r = await withAgentOnTheLine();
    await r.advance(15 * 60_000 + 1000);
    const keepAlives = r.graph.calls.filter((call) => call.effect.type === 'graph.keepAlive').map((call) => call.context.graphCallId);
    expect(keepAlives).toEqual(['c1', 'graph-call-1']);
  });

  it('hangs up the leg when the caller hangs up on the main call', async () => {
    const r = await withAgentOnTheLine();
    await notify(r, 'c1', state('c1', 'terminated', { resultInfo: { code: 0, subcode: 5010 } }));
    await r.settle();
    expect((await r.store.get('c1'))?.phase).toBe('ended');
    const hangups = r.graph.calls.filter((call) => call.effect.type === 'graph.hangup').map((call) => [call.effect.leg, call.context.graphCallId]);
    expect(hangups).toEqual([['agent', 'graph-call-1']]);
  });

  it('places a leg again under the same name, and a late word from the earlier call does not reach the new one', async () => {
    const r = rig({ routes: new CallRouter([{ called: { application: APP }, flow: 'redial' }]) });
    r.flows.add({
      ...LEGGED,
      id: 'redial',
      states: {
        answer: { type: 'answer', next: 'call' },
        call: { type: 'dial', to: { user: AGENT }, leg: 'agent', next: 'bye', failed: 'again' },
        again: { type: 'dial', to: { user: AGENT }, leg: 'agent', next: 'talk', failed: 'bye' },
        talk: { type: 'play', prompts: ['ask'], leg: 'agent', next: 'bye' },
        bye: { type: 'hangup' },
      },
    });
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    await notify(r, 'graph-call-1', state('graph-call-1', 'terminated', { resultInfo: { code: 486, subcode: 0 } }));
    await r.settle();
    expect((await r.store.get('c1'))?.legs?.agent).toMatchObject({ graphCallId: 'graph-call-2', state: 'connecting', retired: ['graph-call-1'] });
    // Graph repeats the first call's end: the second call, still ringing, is not taken for ended.
    await notify(r, 'graph-call-1', state('graph-call-1', 'terminated', { resultInfo: { code: 486, subcode: 0 } }));
    await r.settle();
    expect(await flowState(r, 'c1')).toContain('again');
    await notify(r, 'graph-call-2', state('graph-call-2', 'established'));
    await r.settle();
    expect(await flowState(r, 'c1')).toContain('talk');
    expect(r.graph.calls.filter((call) => call.effect.type === 'graph.playPrompt').map((call) => call.context.graphCallId)).toEqual(['graph-call-2']);
  });
});
