/** recordOperation notifications → operation.* {kind: 'recordResponse'} with the recording's location (graph-calls.md §2.3, §3.4). */
import { describe, expect, it } from 'vitest';
import { operation, translateAll } from './payloads.ts';
import { MEANING } from './meanings.ts';

describe('recordResponse notification mapper', () => {
  it.each([
    [
      'the documented completion (max duration 200/8515)',
      {
        '@odata.etag': 'W/"54451"',
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        clientContext: 'record#1.0',
        status: 'completed',
        resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 8515, message: 'Action completed, max record duration reached.' },
        recordingLocation: 'https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
        recordingAccessToken: '<access-token>',
      },
      {
        type: 'operation.completed',
        kind: 'recordResponse',
        clientContext: 'record#1.0',
        result: {
          code: 200,
          subcode: 8515,
          message: 'Action completed, max record duration reached.',
          meaning: MEANING.maxRecordDuration,
          recordingLocation: 'https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
          recordingAccessToken: '<access-token>',
          completionReason: 'maxRecordDurationReached',
        },
      },
    ],
    [
      'stopped by a key (beta completionReason)',
      {
        clientContext: 'record#1.0',
        status: 'completed',
        resultInfo: { code: 200, subcode: 0 },
        recordingLocation: 'https://file.location/1',
        recordingAccessToken: 't',
        completionReason: 'stopToneDetected',
      },
      {
        type: 'operation.completed',
        kind: 'recordResponse',
        clientContext: 'record#1.0',
        result: {
          code: 200,
          subcode: 0,
          meaning: MEANING.completed,
          recordingLocation: 'https://file.location/1',
          recordingAccessToken: 't',
          completionReason: 'stopToneDetected',
        },
      },
    ],
    [
      'silence: completed without a recording',
      { clientContext: 'record#1.0', status: 'completed', resultInfo: { code: 200, subcode: 0 }, completionReason: 'initialSilenceTimeout' },
      {
        type: 'operation.completed',
        kind: 'recordResponse',
        clientContext: 'record#1.0',
        result: {
          code: 200,
          subcode: 0,
          meaning: MEANING.completed,
          recordingLocation: '',
          recordingAccessToken: '',
          completionReason: 'initialSilenceTimeout',
        },
      },
    ],
    [
      'cancelled: failed 400/8508, empty location',
      {
        clientContext: 'record#1.0',
        status: 'failed',
        resultInfo: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
        recordingLocation: '',
        recordingAccessToken: '',
      },
      {
        type: 'operation.failed',
        kind: 'recordResponse',
        clientContext: 'record#1.0',
        result: {
          code: 400,
          subcode: 8508,
          message: 'Action failed, the operation was cancelled.',
          meaning: MEANING.cancelled,
          recordingLocation: '',
          recordingAccessToken: '',
          completionReason: 'operationCanceled',
        },
      },
    ],
  ])('%s', (_name, data, expected) => {
    expect(translateAll([operation('recordOperation', data)]).events).toEqual([expected]);
  });
});
