/** muteParticipantOperation / unmuteParticipantOperation (graph-calls.md §3.4) → kinds mute and unmute. */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('mute and unmute notification mappers', () => {
  it.each([
    ['muteParticipantOperation', 'mute', 'completed', 'operation.completed'],
    ['unmuteParticipantOperation', 'unmute', 'completed', 'operation.completed'],
    ['muteParticipantOperation', 'mute', 'failed', 'operation.failed'],
  ])('%s %s → %s', (type, kind, status, event) => {
    expect(translateAll([operation(type, { status, clientContext: 'm#1.0' })]).events).toEqual([
      {
        type: event,
        kind,
        clientContext: 'm#1.0',
        result: status === 'failed' ? { code: 500, subcode: 0 } : { code: 200, subcode: 0, meaning: MEANING.completed },
      },
    ]);
  });
});
