/** playPromptOperation notifications → operation.completed|failed {kind: 'playPrompt'} (graph-calls.md §3.4). */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

const ok = { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 0, message: 'Action completed successfully.' };

describe('playPrompt notification mapper', () => {
  it.each([
    [
      'completed (documented)',
      { status: 'completed', clientContext: 'greet#1.0', resultInfo: ok },
      {
        type: 'operation.completed',
        kind: 'playPrompt',
        clientContext: 'greet#1.0',
        result: { code: 200, subcode: 0, meaning: MEANING.completed, message: 'Action completed successfully.' },
      },
    ],
    [
      'completed with completionReason (beta)',
      { status: 'Completed', clientContext: 'greet#1.0', resultInfo: ok, completionReason: 'completedSuccessfully' },
      {
        type: 'operation.completed',
        kind: 'playPrompt',
        clientContext: 'greet#1.0',
        result: { code: 200, subcode: 0, meaning: MEANING.completed, message: 'Action completed successfully.', completionReason: 'completedSuccessfully' },
      },
    ],
    [
      'cancelled: failed 400/8508',
      {
        status: 'failed',
        clientContext: 'menu.prompting#1.0',
        resultInfo: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
      },
      {
        type: 'operation.failed',
        kind: 'playPrompt',
        clientContext: 'menu.prompting#1.0',
        result: { code: 400, subcode: 8508, meaning: MEANING.cancelled, message: 'Action failed, the operation was cancelled.' },
      },
    ],
    [
      'string result codes and subCode',
      { status: 'failed', clientContext: 'p#1.0', resultInfo: { code: '500', subCode: '9999' } },
      { type: 'operation.failed', kind: 'playPrompt', clientContext: 'p#1.0', result: { code: 500, subcode: 9999 } },
    ],
    [
      'deleted without status but with a success result',
      { clientContext: 'p#1.0', resultInfo: { code: 200, subcode: 0 } },
      { type: 'operation.completed', kind: 'playPrompt', clientContext: 'p#1.0', result: { code: 200, subcode: 0, meaning: MEANING.completed } },
    ],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('playPromptOperation', data)]).events).toEqual([expected]);
  });

  it('produces nothing while the operation runs', () => {
    const { events, notes } = translateAll([operation('playPromptOperation', { status: 'running', clientContext: 'p#1.0' })]);
    expect(events).toEqual([]);
    expect(notes).toEqual(['playPrompt operation running']);
  });

  it('delivers a completion once when Graph repeats it', () => {
    const done = operation('playPromptOperation', { status: 'completed', clientContext: 'p#1.0', resultInfo: ok, id: 'op-1' });
    expect(translateAll([done, done]).events).toHaveLength(1);
  });

  it('finds the kind and clientContext through the pending operation when @odata.type and clientContext are missing', () => {
    const pending = [{ clientContext: 'greet#2.0', kind: 'playPrompt', operationId: 'op-7', sentAt: 0 }];
    const { events } = translateAll([operation(undefined, { status: 'completed', resultInfo: ok }, 'op-7')], pending);
    expect(events).toEqual([
      {
        type: 'operation.completed',
        kind: 'playPrompt',
        clientContext: 'greet#2.0',
        result: { code: 200, subcode: 0, meaning: MEANING.completed, message: 'Action completed successfully.' },
      },
    ]);
  });

  it('maps a shortened wire clientContext back to the flow operation id', () => {
    const pending = [{ clientContext: 'long#1.0', wireContext: 'lo~abc', kind: 'playPrompt', sentAt: 0 }];
    const { events } = translateAll([operation('playPromptOperation', { status: 'completed', clientContext: 'lo~abc' })], pending);
    expect(events[0]).toMatchObject({ clientContext: 'long#1.0' });
  });
});
