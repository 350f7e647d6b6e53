/** The notification body: Graph envelope, legacy first notification, malformed bodies; resource addresses. */
import { describe, expect, it } from 'vitest';
import { parseEnvelope, MAX_NOTIFICATIONS } from '../../../engine/graph/notifications/envelope.ts';
import { resourceOf } from '../../../engine/graph/notifications/resource.ts';
import { CALL_ID, CALL_URL, callState, translateAll } from './payloads.ts';

describe('notification envelope', () => {
  it('accepts a Graph batch and reads each call id from resourceUrl', () => {
    const envelope = parseEnvelope({
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [callState('established'), callState('terminated', {}, 'deleted')],
    });
    expect(envelope.kind).toBe('graph');
    expect(envelope.kind === 'graph' && envelope.notifications.map((item) => item.callId)).toEqual([CALL_ID, CALL_ID]);
  });

  it.each([
    [
      'legacy items in value',
      { value: [{ subscriptionId: 's', changeType: 'updated', resource: `/app/calls/${CALL_ID}`, resourceData: { state: 'Established' } }] },
      'legacy',
    ],
    ['a legacy notification at the top level', { changeType: 'created', resource: `/app/calls/${CALL_ID}`, resourceData: {} }, 'legacy'],
    ['an array', [], 'invalid'],
    ['no value', { notifications: [] }, 'invalid'],
    ['an empty value', { value: [] }, 'invalid'],
    ['a non-object item', { value: [1] }, 'invalid'],
    ['too many items', { value: Array.from({ length: MAX_NOTIFICATIONS + 1 }, () => callState('established')) }, 'invalid'],
  ])('%s → %s', (_name, body, kind) => {
    expect(parseEnvelope(body).kind).toBe(kind);
  });
});

describe('resource addresses', () => {
  it.each([
    [CALL_URL, { callId: CALL_ID, kind: 'call' }],
    [`https://graph.microsoft.com/v1.0${CALL_URL}/operations/OP1`, { callId: CALL_ID, kind: 'operation', operationId: 'OP1' }],
    [`/app/calls/${CALL_ID}/participants`, { callId: CALL_ID, kind: 'participants' }],
    ['/communications/onlineMeetings/x', { kind: 'unknown' }],
  ])('%s', (resourceUrl, expected) => {
    expect(resourceOf({ resourceUrl, resourceData: {} })).toEqual(expected);
  });

  it('falls back to the entity @odata.id, then its id', () => {
    expect(resourceOf({ resourceData: { '@odata.id': CALL_URL } })).toEqual({ callId: CALL_ID, kind: 'call' });
    expect(resourceOf({ resourceData: { id: 'abc' } })).toEqual({ callId: 'abc', kind: 'call' });
  });

  it('ignores notifications about other resources with a note', () => {
    const { events, notes } = translateAll([
      { changeType: 'updated', resourceUrl: '/communications/onlineMeetings/x', resourceData: { '@odata.type': '#microsoft.graph.onlineMeeting' } },
    ]);
    expect(events).toEqual([]);
    expect(notes[0]).toMatch(/no mapper for unknown notification/);
  });
});
