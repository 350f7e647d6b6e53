/** subscribeToToneOperation: completed synchronously by Graph; a notification, if one comes, maps like any operation. */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('subscribeToTone notification mapper', () => {
  it.each([
    [
      'completed',
      { status: 'completed', clientContext: 'answer#1.0' },
      [{ type: 'operation.completed', kind: 'subscribeToTone', clientContext: 'answer#1.0', result: { code: 200, subcode: 0, meaning: MEANING.completed } }],
    ],
    [
      'failed',
      { status: 'failed', clientContext: 'answer#1.0', resultInfo: { code: 403, subcode: 0, message: 'Forbidden' } },
      [{ type: 'operation.failed', kind: 'subscribeToTone', clientContext: 'answer#1.0', result: { code: 403, subcode: 0, message: 'Forbidden' } }],
    ],
    ['notStarted', { status: 'notStarted', clientContext: 'answer#1.0' }, []],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('subscribeToToneOperation', data)]).events).toEqual(expected);
  });
});
