/** Calls the engine places: the session exists before Graph's call id, which links it once known. */
import { describe, expect, it } from 'vitest';
import { PlaceCallError } from '../../engine/session/place-call.ts';
import { rig } from './fixture.ts';
import { DIALER, GIVES_UP, played, state } from './flows.ts';

describe('placing calls', () => {
  it('starts the flow, creates the call and links Graph’s id so its notifications reach the session', async () => {
    const r = rig();
    r.flows.add(DIALER);
    const { callId, flowId } = await r.sessions.placeCall('dialer', { vars: { phone: '+14255550147' } });
    await r.settle();
    expect(flowId).toBe('dialer');
    expect(r.graph.last('graph.createCall', callId)).toMatchObject({ to: { phone: '+14255550147' } });
    expect(await r.store.get(callId)).toMatchObject({ graphCallId: 'graph-call-1', direction: 'outgoing' });
    expect(await r.store.resolve('graph-call-1')).toBe(callId);
    await r.sessions.notify(state('graph-call-1', 'established'), { graphCallId: 'graph-call-1' });
    await r.settle();
    const play = r.graph.last('graph.playPrompt', callId);
    expect(play).toBeDefined();
    expect(r.graph.calls.find((call) => call.effect === play)?.context.graphCallId).toBe('graph-call-1');
    await r.sessions.notify(played('graph-call-1', String(play!.clientContext)), { graphCallId: 'graph-call-1' });
    await r.settle();
    expect(r.graph.types(callId)).toEqual(['graph.createCall', 'graph.subscribeToTone', 'graph.playPrompt', 'graph.hangup']);
  });

  it('routes a notification that overtakes Graph’s create response by the session named in the callback URL', async () => {
    const r = rig();
    r.flows.add(DIALER);
    let release!: () => void;
    r.graph.answers.set('graph.createCall', () => new Promise((resolve) => (release = () => resolve({ events: [], graphCallId: 'graph-late', trace: [] }))));
    const { callId } = await r.sessions.placeCall('dialer', { vars: { phone: '+14255550147' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await r.sessions.notify(state('graph-late', 'established'), { graphCallId: 'graph-late', sessionHint: callId });
    expect(await r.store.get(callId)).toMatchObject({ graphCallId: 'graph-late', leg: 'up' });
    release();
    await r.settle();
    expect(await r.store.resolve('graph-late')).toBe(callId);
  });

  it('ignores a session hint that names a call with another Graph id', async () => {
    const r = rig();
    r.flows.add(DIALER);
    const { callId } = await r.sessions.placeCall('dialer', { vars: { phone: '+14255550147' } });
    await r.settle();
    await r.sessions.notify(state('someone-else', 'terminated'), { graphCallId: 'someone-else', sessionHint: callId });
    await r.settle();
    expect((await r.store.get(callId))?.leg).toBe('connecting');
  });

  it('fails the dial when Graph refuses to create the call', async () => {
    const r = rig();
    r.flows.add(DIALER);
    r.graph.answers.set('graph.createCall', (effect) => ({
      events: [{ type: 'operation.failed', kind: 'createCall', clientContext: effect.clientContext, result: { code: 403, message: 'Forbidden' } }],
      trace: [],
    }));
    const { callId } = await r.sessions.placeCall('dialer', { vars: { phone: '+14255550147' } });
    await r.settle();
    const session = await r.store.get(callId);
    expect(session?.phase).toBe('ended');
    expect((await r.store.readTrace(callId)).some((entry) => entry.kind === 'port' && entry.port === 'error')).toBe(true);
  });

  it('hangs up once when the flow gave up ringing and ends before Graph reports the call gone', async () => {
    const r = rig();
    r.flows.add(GIVES_UP);
    const { callId } = await r.sessions.placeCall('gives-up', { vars: { phone: '+14255550147' } });
    await r.advance(15_000);
    expect(r.graph.types(callId)).toEqual(['graph.createCall', 'graph.hangup']);
    await r.advance(1_000);
    expect((await r.store.get(callId))?.phase).toBe('ended');
    expect(r.graph.types(callId)).toEqual(['graph.createCall', 'graph.hangup']);
  });

  it('refuses an unknown flow', async () => {
    await expect(rig().sessions.placeCall('nope', {})).rejects.toThrow(PlaceCallError);
  });
});
