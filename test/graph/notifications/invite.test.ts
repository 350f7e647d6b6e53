/** inviteParticipantsOperation (graph-calls.md §3.4): running in the response, completed or failed by notification. */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('invite notification mapper', () => {
  it.each([
    ['running (as the response shows it)', { status: 'Running', clientContext: 'invite#1.0' }, []],
    [
      'completed',
      { status: 'completed', clientContext: 'invite#1.0', resultInfo: { code: 200, subcode: 0 }, participants: [{ identity: { user: { id: 'u1' } } }] },
      [{ type: 'operation.completed', kind: 'invite', clientContext: 'invite#1.0', result: { code: 200, subcode: 0, meaning: MEANING.completed } }],
    ],
    [
      'not answered',
      { status: 'failed', clientContext: 'invite#1.0', resultInfo: { code: 408, subcode: 0, message: 'Invitation not answered' } },
      [{ type: 'operation.failed', kind: 'invite', clientContext: 'invite#1.0', result: { code: 408, subcode: 0, message: 'Invitation not answered' } }],
    ],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('inviteParticipantsOperation', data)]).events).toEqual(expected);
  });
});
