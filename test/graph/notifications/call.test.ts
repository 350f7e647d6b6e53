/**
 * Call notifications → call.incoming / call.established / call.terminated / transfer.* / tone,
 * with the leniency graph-calls.md §3.1 and §5.2 ask for: enum case, string codes, subCode,
 * missing resourceData.id, duplicates and reordering.
 */
import { describe, expect, it } from 'vitest';
import { BOT_APP_ID, CALL_ID, CALL_URL, TENANT, callState, incomingCall, notification, tone, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('call notification mapper', () => {
  it('turns the documented incoming call into call.incoming with caller, called identity and tenant', () => {
    const { events } = translateAll([incomingCall()]);
    expect(events).toEqual([
      {
        type: 'call.incoming',
        call: { id: CALL_ID, direction: 'incoming', called: { application: BOT_APP_ID }, tenantId: TENANT, chainId: 'chain-guid' },
        caller: { userId: 'caller-oid', tenantId: TENANT, displayName: 'Test User' },
        tenantId: TENANT,
      },
    ]);
  });

  it.each([
    ['an application instance (resource account)', { applicationInstance: { id: 'instance-oid' } }, { applicationInstance: 'instance-oid' }],
    ['a phone number without the plus', { phone: { id: '14255550100' } }, { phone: '+14255550100' }],
  ])('reports a call to %s as the called identity', (_name, target, called) => {
    const [event] = translateAll([incomingCall(target)]).events;
    expect(event.call).toMatchObject({ called });
  });

  it('reports a PSTN caller by phone number', () => {
    const [event] = translateAll([incomingCall(undefined, { phone: { id: '+14255550147' } })]).events;
    expect(event.caller).toEqual({ phone: '+14255550147' });
  });

  type Row = [name: string, notifications: unknown[], expected: unknown[]];
  const audio = { mediaState: { audio: 'active' } };
  const table: Row[] = [
    ['established with its audio active in the same notification', [callState('established', audio)], [{ type: 'call.established' }]],
    ['established without mediaState (the answer example): nothing until the audio is active', [callState('established')], []],
    [
      'established, then an update that makes the audio active: established once, at the update',
      [callState('established'), callState('established', audio), callState('established', audio)],
      [{ type: 'call.established' }],
    ],
    ['audio active reported before the state is established', [callState('establishing', audio), callState('established')], [{ type: 'call.established' }]],
    ['audio inactive does not count', [callState('established', { mediaState: { audio: 'inactive' } })], []],
    ['PascalCase audio state', [callState('established', { mediaState: { audio: 'Active' } })], [{ type: 'call.established' }]],
    [
      'a transfer with no transfer state reported: deleted 0/7015 is still a completed transfer',
      [callState('established', audio), callState('terminated', { resultInfo: { code: 0, subcode: 7015, message: 'GracefulTransferCompleted' } }, 'deleted')],
      [
        { type: 'call.established' },
        { type: 'transfer.accepted' },
        { type: 'call.terminated', code: 0, subcode: 7015, message: 'GracefulTransferCompleted', meaning: MEANING.transferred },
      ],
    ],
    [
      'media inactive reported before transferAccepted',
      [
        callState('established', audio),
        callState('transferring'),
        callState('transferring', { mediaState: { audio: 'inactive' } }),
        callState('transferAccepted'),
        callState('terminated', { resultInfo: { code: 0, subcode: 7015 } }, 'deleted'),
      ],
      [{ type: 'call.established' }, { type: 'transfer.accepted' }, { type: 'call.terminated', code: 0, subcode: 7015, meaning: MEANING.transferred }],
    ],
    ['establishing then established', [callState('establishing'), callState('established', audio)], [{ type: 'call.established' }]],
    ['established before establishing (reordered)', [callState('established', audio), callState('establishing')], [{ type: 'call.established' }]],
    ['established twice (duplicate)', [callState('established', audio), callState('established', audio)], [{ type: 'call.established' }]],
    ['PascalCase states and changeType', [notification('Updated', CALL_URL, { state: 'Established', ...audio })], [{ type: 'call.established' }]],
    [
      'termination with resultInfo (deleted)',
      [
        callState(
          'terminated',
          { resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 5001, message: 'The conversation has ended.' } },
          'deleted',
        ),
      ],
      [{ type: 'call.terminated', code: 200, subcode: 5001, message: 'The conversation has ended.', meaning: MEANING.ended }],
    ],
    [
      'termination with string codes',
      [callState('terminated', { resultInfo: { code: '200', subcode: '5001' } }, 'deleted')],
      [{ type: 'call.terminated', code: 200, subcode: 5001, meaning: MEANING.ended }],
    ],
    [
      'bare deletion after reject',
      [notification('deleted', CALL_URL, { '@odata.type': '#microsoft.graph.call' })],
      [{ type: 'call.terminated', code: 0, subcode: 0 }],
    ],
    [
      'terminating then terminated, terminated again',
      [callState('terminating'), callState('terminated', {}, 'deleted'), callState('terminated', {}, 'deleted')],
      [{ type: 'call.terminated', code: 0, subcode: 0 }],
    ],
    [
      'nothing after termination',
      [callState('terminated', {}, 'deleted'), callState('established'), tone(1, 'tone1')],
      [{ type: 'call.terminated', code: 0, subcode: 0 }],
    ],
    [
      'transfer accepted, then the leg ends 0/7015',
      [
        callState('established', audio),
        callState('transferring'),
        callState('transferAccepted'),
        callState('terminated', { resultInfo: { code: 0, subcode: 7015, message: 'GracefulTransferCompleted' } }, 'deleted'),
      ],
      [
        { type: 'call.established' },
        { type: 'transfer.accepted' },
        { type: 'call.terminated', code: 0, subcode: 7015, message: 'GracefulTransferCompleted', meaning: MEANING.transferred },
      ],
    ],
    [
      'transfer failure: established again with 500 / subCode 7000',
      [
        callState('established', audio),
        callState('transferring'),
        callState('established', { resultInfo: { code: 500, subCode: 7000, message: 'Transfer failed' } }),
      ],
      [{ type: 'call.established' }, { type: 'transfer.failed', code: 500, subcode: 7000, message: 'Transfer failed', meaning: MEANING.transferFailed }],
    ],
    [
      'a missing resourceData.id: the id comes from resourceUrl',
      [notification('updated', CALL_URL, { state: 'established', ...audio })],
      [{ type: 'call.established' }],
    ],
    [
      'the deprecated /app/calls address',
      [notification('updated', `/app/calls/${CALL_ID}`, { state: 'established', ...audio })],
      [{ type: 'call.established' }],
    ],
  ];

  it.each(table)('%s', (_name, notifications, expected) => {
    expect(translateAll(notifications).events).toEqual(expected);
  });

  it('offers an incoming call only once', () => {
    const { events, notes } = translateAll([incomingCall(), incomingCall()]);
    expect(events.map((event) => event.type)).toEqual(['call.incoming']);
    expect(notes).toContain('incoming call offered again (duplicate)');
  });
});

describe('tone mapping (toneInfo on call updates)', () => {
  it.each([
    ['tone0', '0'],
    ['tone9', '9'],
    ['star', '*'],
    ['pound', '#'],
    ['a', 'A'],
    ['D', 'D'],
    ['Tone5', '5'],
  ])('%s → %s', (name, digit) => {
    const { events } = translateAll([tone(1, name)]);
    expect(events.filter((event) => event.type === 'tone')).toEqual([{ type: 'tone', digit, sequenceId: 1 }]);
  });

  it('delivers each sequence id once, in the order received', () => {
    const { events, notes } = translateAll([tone(1, 'tone1'), tone(1, 'tone1'), tone('2', 'tone2'), tone(3, 'pound'), tone(2, 'tone2')]);
    expect(events.filter((event) => event.type === 'tone').map((event) => event.digit)).toEqual(['1', '2', '#']);
    expect(notes.filter((note) => note.includes('already delivered'))).toHaveLength(2);
  });

  it('ignores flash and unknown tones with a note', () => {
    const { events, notes } = translateAll([tone(1, 'flash'), tone(2, 'tone12')]);
    expect(events.filter((event) => event.type === 'tone')).toEqual([]);
    expect(notes).toEqual(expect.arrayContaining(["tone 'flash' is not a keypad key", "tone 'tone12' is not a keypad key"]));
  });

  it('reports established and the tone of one notification in that order', () => {
    expect(translateAll([callState('establishing', { mediaState: { audio: 'active' } }), tone(1, 'tone1')]).events).toEqual([
      { type: 'call.established' },
      { type: 'tone', digit: '1', sequenceId: 1 },
    ]);
  });
});
