/** cancelMediaProcessingOperation (graph-calls.md §2.4): completed, with `all` carried into the result. */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('cancelMediaProcessing notification mapper', () => {
  it.each([
    [
      'completed with all',
      { status: 'completed', clientContext: 'menu.prompting#1.0', all: true },
      {
        type: 'operation.completed',
        kind: 'cancelMediaProcessing',
        clientContext: 'menu.prompting#1.0',
        result: { code: 200, subcode: 0, meaning: MEANING.completed, all: true },
      },
    ],
    [
      'failed',
      { status: 'Failed', clientContext: 'x#1.0', resultInfo: { code: 404, subcode: 0 } },
      { type: 'operation.failed', kind: 'cancelMediaProcessing', clientContext: 'x#1.0', result: { code: 404, subcode: 0, meaning: MEANING.notFound } },
    ],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('cancelMediaProcessingOperation', data)]).events).toEqual([expected]);
  });
});
