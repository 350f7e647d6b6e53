/** Roster notifications (graph-calls.md §3.5) → participants.updated {joined, left} by difference. */
import { describe, expect, it } from 'vitest';
import { GraphNotificationTranslator } from '../../../engine/graph/notifications/translator.ts';
import { CALL_URL, incomingCall, notification, roster, translateAll } from './payloads.ts';

const person = (id: string) => ({
  id,
  info: { identity: { user: { id: `user-${id}`, displayName: id } } },
  mediaStreams: [{ mediaType: 'audio', direction: 'sendReceive', serverMuted: false }],
});

describe('participants notification mapper', () => {
  type Row = [name: string, rosters: unknown[], expected: unknown[]];
  const table: Row[] = [
    ['a first roster: everyone joined', [roster([person('a'), person('b')])], [{ type: 'participants.updated', joined: ['a', 'b'], left: [] }]],
    [
      'one joins, one leaves',
      [roster([person('a'), person('b')]), roster([person('b'), person('c')])],
      [
        { type: 'participants.updated', joined: ['a', 'b'], left: [] },
        { type: 'participants.updated', joined: ['c'], left: ['a'] },
      ],
    ],
    [
      'an unchanged roster (mute update): nothing',
      [roster([person('a')]), roster([{ ...person('a'), isMuted: true }])],
      [{ type: 'participants.updated', joined: ['a'], left: [] }],
    ],
    [
      'removedState counts as gone',
      [roster([person('a'), person('b')]), roster([person('a'), { ...person('b'), removedState: { reason: 'left' } }])],
      [
        { type: 'participants.updated', joined: ['a', 'b'], left: [] },
        { type: 'participants.updated', joined: [], left: ['b'] },
      ],
    ],
    [
      'the documented ".../operations/participants" typo',
      [notification('updated', `${CALL_URL}/operations/participants`, [person('a')])],
      [{ type: 'participants.updated', joined: ['a'], left: [] }],
    ],
  ];

  it.each(table)('%s', (_name, rosters, expected) => {
    expect(translateAll(rosters).events).toEqual(expected);
  });

  it('leaves the bot itself out', () => {
    const { events } = translateAll([incomingCall(), roster([person('bot-participant-id'), person('caller')])]);
    expect(events.at(-1)).toEqual({ type: 'participants.updated', joined: ['caller'], left: [] });
  });
});

describe('the bot of a call it placed', () => {
  it('is left out once the answer that created the call named it (its notifications do not)', () => {
    const translator = new GraphNotificationTranslator();
    const memory = translator.withOwnParticipant(undefined, 'bot-leg');
    const first = translator.translate(roster([person('organizer'), person('bot-leg')]), { memory, pending: [] });
    expect(first.events).toEqual([{ type: 'participants.updated', joined: ['organizer'], left: [] }]);
    const unknown = translator.translate(roster([person('organizer'), person('bot-leg')]), { pending: [] });
    expect(unknown.events).toEqual([{ type: 'participants.updated', joined: ['organizer', 'bot-leg'], left: [] }]);
  });
});
