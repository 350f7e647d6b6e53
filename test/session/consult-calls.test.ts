/**
 * A consultative transfer's consult call inside the session layer: Graph's id for it is linked to
 * the caller's session, its notifications become consult events (not the caller's call's — its end
 * is not the caller hanging up), the transfer is built with that id, and the last words of an
 * earlier consult call never reach the flow.
 */
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { CallRouter } from '../../engine/session/routes.ts';
import { APP, rig } from './fixture.ts';
import { incoming, state } from './flows.ts';

const CONSULTING: FlowDocument = {
  id: 'consulting',
  version: 1,
  name: 'consulting',
  start: 'answer',
  states: {
    answer: { type: 'answer', next: 'manager' },
    manager: { type: 'transfer', to: { user: 'manager-oid' }, consult: true, failed: 'deputy' },
    deputy: { type: 'transfer', to: { user: 'deputy-oid' }, consult: true, failed: 'bye' },
    bye: { type: 'hangup' },
  },
};

function consultingRig() {
  const r = rig({ routes: new CallRouter([{ called: { application: APP }, flow: 'consulting' }]) });
  r.flows.add(CONSULTING);
  let consults = 0;
  r.graph.answers.set('graph.consultCall', () => ({ events: [], consultCallId: `consult-${++consults}`, trace: [] }));
  return r;
}
const notify = (r: ReturnType<typeof rig>, callId: string, notification: unknown) => r.sessions.notify(notification, { graphCallId: callId });

describe('consult calls in the session', () => {
  it('links the consult call to the caller’s session and transfers naming it once its target answers', async () => {
    const r = consultingRig();
    await notify(r, 'c1', incoming('c1'));
    await notify(r, 'c1', state('c1', 'established'));
    await r.settle();
    expect(r.graph.types('c1')).toContain('graph.consultCall');
    expect((await r.store.get('c1'))?.consultCallId).toBe('consult-1');
    expect(await r.store.resolve('consult-1')).toBe('c1');

    await notify(r, 'consult-1', state('consult-1', 'established'));
    await r.settle();
    const transfer = r.graph.calls.find((call) => call.effect.type === 'graph.transfer')!;
    expect(transfer.effect).toMatchObject({ to: { user: 'manager-oid' }, consult: true });
    expect(transfer.context).toMatchObject({ graphCallId: 'c1', consultCallId: 'consult-1' });
  });

  it('takes the consult call’s end as the target declining — the caller is still there — and ignores an earlier consult call', async () => {
    const r = consultingRig();
    await notify(r, 'c2', incoming('c2'));
    await notify(r, 'c2', state('c2', 'established'));
    await r.settle();
    await notify(r, 'consult-1', state('consult-1', 'terminated', { resultInfo: { code: 603, subcode: 0 } }));
    await r.settle();
    // The flow went on to the deputy: a second consult call, the caller's call untouched.
    expect(r.graph.types('c2').filter((type) => type === 'graph.consultCall')).toHaveLength(2);
    expect((await r.store.get('c2'))?.consultCallId).toBe('consult-2');
    expect(r.graph.types('c2')).not.toContain('graph.hangup');

    // A late word from the first consult call changes nothing; the deputy's answer goes on to the transfer.
    await notify(r, 'consult-1', state('consult-1', 'terminated', { resultInfo: { code: 603, subcode: 0 } }));
    await r.settle();
    expect((await r.store.get('c2'))?.phase).not.toBe('ended');
    expect(r.graph.types('c2')).not.toContain('graph.transfer');
    await notify(r, 'consult-2', state('consult-2', 'established'));
    await r.settle();
    expect(r.graph.calls.filter((call) => call.effect.type === 'graph.transfer').map((call) => call.effect.to)).toEqual([{ user: 'deputy-oid' }]);
  });
});
