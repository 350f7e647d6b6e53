/**
 * Results whose codes Microsoft documents carry `meaning` in the events the mappers emit
 * (engine/protocol/result-codes.ts), so a trace says in plain words why a call or an operation
 * ended; codes the table does not know carry none. v1.0 record completions have no
 * completionReason (beta only), so the mapper reads it from the subcode.
 */
import { describe, expect, it } from 'vitest';
import { explainResult } from '../../../engine/protocol/result-codes.ts';
import { MEANING } from './meanings.ts';
import { callState, operation, translateAll } from './payloads.ts';

describe('the meaning of documented result codes', () => {
  it.each([
    ['the bot missed the incoming call (408/8544, msteams-docs issue 9159)', 408, 8544, MEANING.botNotReached],
    ['keepAlive timeout (408/8537)', 408, 8537, MEANING.keepAlive],
  ])('call.terminated for %s explains it', (_name, code, subcode, meaning) => {
    const terminated = callState('terminated', { resultInfo: { code, subcode, message: 'x' } }, 'deleted');
    expect(translateAll([terminated]).events).toEqual([{ type: 'call.terminated', code, subcode, message: 'x', meaning }]);
  });

  it('leaves codes nobody documents unexplained (500/3003, reported in docs-contrib issue 63)', () => {
    const terminated = callState('terminated', { resultInfo: { code: 500, subcode: 3003 } }, 'deleted');
    expect(translateAll([terminated]).events).toEqual([{ type: 'call.terminated', code: 500, subcode: 3003 }]);
    expect(explainResult(500, 3003)).toBeUndefined();
  });

  it('tells codes that share a subcode apart by the code', () => {
    expect(explainResult(603, 0)).toBe('The person called declined the call.');
    expect(explainResult(200, 0)).toBe(MEANING.completed);
    expect(explainResult(487, 10004)).toBe('Nobody answered before the ring timed out.');
  });

  it.each([
    [8509, 200, 'maxSilenceTimeout'],
    [8514, 200, 'stopToneDetected'],
    [8515, 200, 'maxRecordDurationReached'],
  ])('a v1.0 record completion %i without completionReason gets it from the subcode', (subcode, code, reason) => {
    const done = operation('recordOperation', {
      status: 'completed',
      clientContext: 'r#1.0',
      resultInfo: { code, subcode },
      recordingLocation: 'https://file.location/1',
      recordingAccessToken: 't',
    });
    const [event] = translateAll([done]).events;
    expect(event.result).toMatchObject({ code, subcode, completionReason: reason, meaning: expect.any(String) });
  });

  it('a record whose prompt could not be played fails 500/8511 as playPromptFailed, explained', () => {
    const failed = operation('recordOperation', {
      status: 'failed',
      clientContext: 'r#1.0',
      resultInfo: { code: 500, subcode: 8511, message: 'Action failed, encountered failure while trying to play the prompt.' },
      recordingLocation: '',
      recordingAccessToken: '',
    });
    expect(translateAll([failed]).events).toEqual([
      {
        type: 'operation.failed',
        kind: 'recordResponse',
        clientContext: 'r#1.0',
        result: {
          code: 500,
          subcode: 8511,
          message: 'Action failed, encountered failure while trying to play the prompt.',
          meaning: MEANING.recordPromptFailed,
          recordingLocation: '',
          recordingAccessToken: '',
          completionReason: 'playPromptFailed',
        },
      },
    ]);
  });

  it('a silent caller (400/8510, no completionReason in v1.0) is initialSilenceTimeout', () => {
    const failed = operation('recordOperation', { status: 'failed', clientContext: 'r#1.0', resultInfo: { code: 400, subcode: 8510 } });
    expect(translateAll([failed]).events[0].result).toEqual({
      code: 400,
      subcode: 8510,
      meaning: MEANING.initialSilence,
      recordingLocation: '',
      recordingAccessToken: '',
      completionReason: 'initialSilenceTimeout',
    });
  });
});
