/** sendDtmfTonesOperation (graph-calls.md §3.4) → kind sendDtmfTones with completionReason. */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('sendDtmfTones notification mapper', () => {
  it.each([
    [
      'the documented completion',
      { status: 'completed', completionReason: 'completedSuccessfully', clientContext: 'dtmf#1.0', id: 'd36fe651' },
      {
        type: 'operation.completed',
        kind: 'sendDtmfTones',
        clientContext: 'dtmf#1.0',
        result: { code: 200, subcode: 0, meaning: MEANING.completed, completionReason: 'completedSuccessfully' },
      },
    ],
    [
      'cancelled',
      { status: 'failed', completionReason: 'mediaOperationCanceled', clientContext: 'dtmf#1.0', resultInfo: { code: 400, subcode: 8508 } },
      {
        type: 'operation.failed',
        kind: 'sendDtmfTones',
        clientContext: 'dtmf#1.0',
        result: { code: 400, subcode: 8508, meaning: MEANING.cancelled, completionReason: 'mediaOperationCanceled' },
      },
    ],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('sendDtmfTonesOperation', data)]).events).toEqual([expected]);
  });
});
