/**
 * The session layer: per-call serialization under concurrency, independence of calls, timers,
 * keepAlive, clean release when the caller hangs up, and the safe endings (flow version gone,
 * flow stopping with the call up, no end after the hang-up).
 */
import { describe, expect, it, vi } from 'vitest';
import { CallRouter } from '../../engine/session/routes.ts';
import { GraphNotificationTranslator } from '../../engine/graph/notifications/translator.ts';
import type { NotificationTranslator } from '../../engine/session/types.ts';
import { APP, rig } from './fixture.ts';
import { ENDS_EARLY, GATHER, GREETER, MENU, REPORTING, STUCK_AFTER_HANGUP, incoming, played, state, tone } from './flows.ts';

const routeAll = (flowId: string) => new CallRouter([{ called: { application: APP }, flow: flowId }]);
const notify = (r: ReturnType<typeof rig>, callId: string, notification: unknown) => r.sessions.notify(notification, { graphCallId: callId });

describe('call sessions', () => {
  it('applies one call’s events in arrival order even when they arrive concurrently and Graph is slow', async () => {
    const r = rig({ routes: routeAll('gather') });
    r.flows.add(GATHER);
    r.graph.delayMs = 15;
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    const digits = '0123456789012345678';
    await Promise.all(
      [...digits].map((digit, index) => notify(r, 'c1', tone('c1', index + 1, `tone${digit}`))).concat(notify(r, 'c1', tone('c1', 99, 'pound'))),
    );
    await r.settle();
    const session = await r.store.get('c1');
    expect(session?.phase).toBe('ended');
    const tones = (await r.store.readTrace('c1'))
      .filter((entry) => entry.kind === 'event' && (entry.event as { type: string }).type === 'tone')
      .map((entry) => (entry.event as { digit: string }).digit);
    expect(tones.join('')).toBe(`${digits}#`);
    expect(r.graph.types('c1').at(-1)).toBe('graph.hangup');
  });

  it('keeps calls independent: one call stuck on Graph does not hold up another', async () => {
    const r = rig({ routes: routeAll('greeter') });
    r.flows.add(GREETER);
    r.graph.answers.set('graph.answer', (_effect, context) => (context.sessionId === 'stuck' ? new Promise(() => undefined) : { events: [], trace: [] }));
    await notify(r, 'stuck', incoming('stuck'));
    await notify(r, 'free', incoming('free'));
    await notify(r, 'free', state('free', 'established'));
    // Effects are sent after their step is committed, a few ticks after the notification was applied.
    const play = await vi.waitFor(() => r.graph.last('graph.playPrompt', 'free') ?? Promise.reject(new Error('no playPrompt yet')));
    await notify(r, 'free', played('free', String(play!.clientContext)));
    await vi.waitFor(async () => expect(r.graph.types('free')).toEqual(['graph.answer', 'graph.subscribeToTone', 'graph.playPrompt', 'graph.hangup']));
    expect((await r.store.get('free'))?.phase).toBe('ended');
    expect(r.graph.types('stuck')).toEqual(['graph.answer']);
  });

  it('contains a failure to its call: a throwing call is traced and the other goes on', async () => {
    const real = new GraphNotificationTranslator();
    const translator: NotificationTranslator = {
      translate(notification, context) {
        if (JSON.stringify(notification).includes('broken') && JSON.stringify(notification).includes('established')) throw new Error('mapper exploded');
        return real.translate(notification, context);
      },
      translateConsult: (notification) => real.translateConsult(notification),
    };
    let errors = 0;
    const r = rig({
      routes: routeAll('greeter'),
      translator,
      metrics: { ...(await import('../../engine/session/metrics.ts')).noMetrics, sessionError: () => void errors++ },
    });
    r.flows.add(GREETER);
    await notify(r, 'broken', incoming('broken'));
    await notify(r, 'fine', incoming('fine'));
    await Promise.all([notify(r, 'broken', state('broken', 'established')), notify(r, 'fine', state('fine', 'established'))]);
    await r.settle();
    expect(errors).toBe(1);
    expect((await r.store.readTrace('broken')).some((entry) => entry.kind === 'error' && String(entry.message).includes('mapper exploded'))).toBe(true);
    expect((await r.store.get('fine'))?.leg).toBe('up');
    expect(r.graph.types('fine')).toContain('graph.playPrompt');
    await notify(r, 'broken', state('broken', 'terminated', { resultInfo: { code: 200, subcode: 5010 } }));
    await r.settle();
    expect((await r.store.get('broken'))?.phase).toBe('ended');
  });

  it('leaves no timer, pending operation or queue entry behind when the caller hangs up mid-prompt', async () => {
    const r = rig({ routes: routeAll('greeter') });
    r.flows.add(GREETER);
    await notify(r, 'c1', incoming('c1'));
    expect((await r.store.timers('c1')).map((timer) => timer.id)).toEqual(['xstate.after.15000.flow.answer']);
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    expect((await r.store.timers('c1')).map((timer) => timer.id)).toEqual(['$keepAlive']);
    expect(await r.store.pending('c1')).toMatchObject([{ kind: 'playPrompt' }]);
    await notify(r, 'c1', state('c1', 'terminated', { resultInfo: { code: 200, subcode: 5010 } }));
    await r.settle();
    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'ended', leg: 'gone', record: { status: 'done' } });
    expect(await r.store.timers('c1')).toEqual([]);
    expect(await r.store.pending('c1')).toEqual([]);
    expect(await r.store.nextDueAt()).toBeUndefined();
    expect(r.sessions.busy()).toEqual({ events: 0, effects: 0 });
    expect(r.graph.types('c1')).toEqual(['graph.answer', 'graph.subscribeToTone', 'graph.playPrompt']);
    await notify(r, 'c1', played('c1', 'greet#1.0', 'failed'));
    await r.settle();
    expect((await r.store.readTrace('c1')).at(-1)).toMatchObject({ kind: 'unhandled', reason: expect.stringContaining('call ended') });
    expect(await r.sessions.trace('c1')).not.toHaveLength(0);
  });

  it('lets the hang-up handler finish its HTTP request, then releases the call', async () => {
    const r = rig({ routes: routeAll('reporting') });
    r.flows.add(REPORTING);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await notify(r, 'c1', state('c1', 'terminated'));
    await r.settle();
    expect(r.http.effects).toMatchObject([{ type: 'http.request', url: 'https://reports.contoso.com/calls', body: { id: 'c1' } }]);
    expect(await r.store.get('c1')).toMatchObject({ phase: 'ended', record: { status: 'done' } });
    expect(await r.store.timers('c1')).toEqual([]);
  });

  it('fires durable timers as events: silence in a menu replays it, then gives up', async () => {
    const r = rig({ routes: routeAll('menu') });
    r.flows.add(MENU);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    expect(r.graph.last('graph.playPrompt', 'c1')?.clientContext).toBe('menu#1.0');
    await notify(r, 'c1', played('c1', 'menu#1.0'));
    await r.advance(4000);
    expect(r.graph.types('c1').filter((type) => type === 'graph.playPrompt')).toHaveLength(1);
    await r.advance(1000);
    expect(r.graph.types('c1').filter((type) => type === 'graph.playPrompt')).toHaveLength(2);
    expect(r.graph.last('graph.playPrompt', 'c1')?.clientContext).toBe('menu#1.1');
    await notify(r, 'c1', played('c1', 'menu#1.1'));
    await r.advance(5000);
    expect(r.graph.types('c1').at(-1)).toBe('graph.hangup');
    expect((await r.store.get('c1'))?.phase).toBe('ended');
  });

  it('cancels a timer when the event it waited for comes first', async () => {
    const r = rig({ routes: routeAll('menu') });
    r.flows.add(MENU);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await notify(r, 'c1', played('c1', 'menu#1.0'));
    await notify(r, 'c1', tone('c1', 1, 'tone1'));
    await r.advance(10_000);
    expect(r.graph.last('graph.transfer', 'c1')).toMatchObject({ to: { phone: '+14255550100' } });
    expect(r.graph.types('c1').filter((type) => type === 'graph.playPrompt')).toHaveLength(1);
    expect((await r.store.timers('c1')).map((timer) => timer.id)).toEqual(['$keepAlive']);
  });

  it('sends keepAlive every interval while the call is up, and ends the call when Graph no longer knows it', async () => {
    const r = rig({ routes: routeAll('menu'), sessionOptions: { keepAliveMs: 60_000 } });
    r.flows.add({ ...MENU, states: { ...MENU.states, menu: { ...MENU.states.menu, timeoutSeconds: 60, maxAttempts: 10 } } });
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.advance(60_000);
    expect(r.graph.types('c1').filter((type) => type === 'graph.keepAlive')).toHaveLength(1);
    await r.advance(60_000);
    expect(r.graph.types('c1').filter((type) => type === 'graph.keepAlive')).toHaveLength(2);
    r.graph.answers.set('graph.keepAlive', () => ({ events: [], trace: [], callGone: true }));
    await r.advance(60_000);
    expect(await r.store.get('c1')).toMatchObject({ phase: 'ended', leg: 'gone' });
    expect(r.graph.types('c1').at(-1)).toBe('graph.keepAlive');
  });

  it('drops a repeated completion of the same operation', async () => {
    const r = rig({ routes: routeAll('greeter') });
    r.flows.add(GREETER);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    const before = (await r.store.readTrace('c1')).length;
    await r.sessions.deliver('c1', { type: 'operation.completed', kind: 'subscribeToTone', clientContext: 'answer#1.0', result: { code: 200 } });
    const trace = (await r.store.readTrace('c1')).slice(before);
    expect(trace).toMatchObject([{ kind: 'unhandled', reason: 'operation already settled (duplicate)' }]);
  });

  it('ends a call whose flow version is gone, through the error path, and hangs up', async () => {
    const r = rig({ routes: routeAll('greeter') });
    r.flows.add(GREETER);
    await notify(r, 'c1', incoming('c1'));
    r.flows.gone = true;
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'ended', record: { status: 'error' } });
    expect(session?.endReason).toMatch(/version .* is not available/);
    expect((await r.store.readTrace('c1')).some((entry) => entry.kind === 'error')).toBe(true);
    expect(r.graph.types('c1').at(-1)).toBe('graph.hangup');
    expect(await r.store.timers('c1')).toEqual([]);
  });

  it('hangs up when the flow ends while the call is still up', async () => {
    const r = rig({ routes: routeAll('ends-early') });
    r.flows.add(ENDS_EARLY);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    expect(r.graph.last('graph.hangup', 'c1')).toMatchObject({ clientContext: 'engine-end' });
  });

  it('stops a flow that does not finish after the caller hung up', async () => {
    const r = rig({ routes: routeAll('stuck'), sessionOptions: { afterHangupMs: 30_000 } });
    r.flows.add(STUCK_AFTER_HANGUP);
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await notify(r, 'c1', state('c1', 'terminated'));
    await r.settle();
    expect((await r.store.get('c1'))?.phase).toBe('running');
    expect((await r.store.readTrace('c1')).some((entry) => entry.kind === 'graph.skipped' && entry.reason === 'the call leg is gone')).toBe(true);
    await r.advance(30_000);
    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'ended', record: { status: 'error' } });
    expect(session?.endReason).toMatch(/did not finish within 30 s/);
    expect(await r.store.timers('c1')).toEqual([]);
  });

  it('rejects a call no route matches and says why', async () => {
    const r = rig();
    r.flows.add(GREETER);
    await notify(r, 'c1', incoming('c1', { phone: { id: '+14255559999' } }));
    await r.settle();
    expect(r.graph.calls.map((call) => call.effect)).toEqual([{ type: 'graph.reject', reason: 'none', clientContext: 'engine-unrouted' }]);
    const session = await r.store.get('c1');
    expect(session).toMatchObject({ phase: 'ended' });
    expect(session?.endReason).toMatch(/no route matches .*\+14255559999.* CALLFLOW_DEFAULT_FLOW is not set/);
  });

  it('starts the routed flow with the caller, the called identity and the route’s variables', async () => {
    const r = rig({ routes: new CallRouter([{ called: { phone: '+14255550100' }, flow: 'gather', vars: { digits: 'preset' } }]) });
    r.flows.add(GATHER);
    await notify(r, 'c1', incoming('c1', { phone: { id: '14255550100' } }));
    await r.settle();
    const session = await r.store.get('c1');
    const context = (session?.record?.snapshot as { context: Record<string, unknown> }).context;
    expect(context.vars).toMatchObject({ digits: 'preset' });
    expect(context.caller).toEqual({ phone: '+14255550147' });
    expect(context.call).toMatchObject({ id: 'c1', direction: 'incoming', called: { phone: '+14255550100' }, tenantId: 'tenant-1' });
  });
});
