import { describe, expect, it } from 'vitest';
import { record } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const base = { type: 'record', prompts: ['beep'], next: 'next', noInput: 'other', error: 'other' };
const completed = (clientContext: string, result: Record<string, unknown>) => ({ type: 'operation.completed', kind: 'recordResponse', clientContext, result });

describe('record block', () => {
  it('offers next (required), noInput and error, and needs media access', () => {
    expect(record.outcomes(base as never).map((p) => [p.name, p.required ?? false])).toEqual([
      ['next', true],
      ['noInput', false],
      ['error', false],
    ]);
    expect(record.permissions).toEqual(['Calls.AccessMedia.All']);
  });

  it('accepts its example', () => {
    expect(problemsOf(flowWith({ r: record.examples[0] }))).toEqual([]);
  });

  it('enforces Graph limits: 120 s of recording and silence, one prompt', () => {
    const problems = problemsOf(
      flowWith({ r: { ...base, prompts: ['beep', 'goodbye'], maxDurationSeconds: 300, initialSilenceTimeoutSeconds: 0, maxSilenceTimeoutSeconds: 121 } }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/r/prompts', 'schema.maxItems'],
      ['/states/r/maxDurationSeconds', 'schema.maximum'],
      ['/states/r/initialSilenceTimeoutSeconds', 'schema.minimum'],
      ['/states/r/maxSilenceTimeoutSeconds', 'schema.maximum'],
    ]);
    expect(problems[1].message).toContain('at most 120 seconds');
  });

  it('refuses stop tones that are not single keys', () => {
    const problems = problemsOf(flowWith({ r: { ...base, stopTones: ['#', '12'] } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/r/stopTones/1', 'schema.pattern']]);
  });

  it('requests a recording with Graph field names and defaults', () => {
    const d = drive(flowWith({ r: base }));
    expect(d.effects).toEqual([
      expect.objectContaining({
        type: 'graph.recordResponse',
        prompts: [{ key: 'beep', locale: 'en-US', file: 'prompts/en-US/beep.wav', text: 'The beep prompt.' }],
        playBeep: true,
        initialSilenceTimeoutInSeconds: 5,
        maxSilenceTimeoutInSeconds: 5,
        maxRecordDurationInSeconds: 60,
        stopTones: ['#'],
      }),
    ]);
  });

  it('downloads the recording when Graph completes it, then continues through next with the kept URL in lastResult and the variable', () => {
    const d = drive(flowWith({ r: { ...base, variable: 'message' } }));
    const clientContext = d.lastContext('graph.recordResponse');
    d.send(completed(clientContext, { recordingLocation: 'https://rec/1', recordingAccessToken: 'tok', completionReason: 'stopToneDetected' }));
    expect(d.ports).toEqual([]);
    expect(d.effects.at(-1)).toEqual({ type: 'recording.download', clientContext, recordingLocation: 'https://rec/1', recordingAccessToken: 'tok' });
    d.send({ type: 'recording.stored', clientContext, url: 'https://bot/recordings/c/r.wav?sig=s' });
    expect(d.ports).toEqual(['r:next']);
    // The flow never holds Graph's token.
    expect(d.lastResult()).toEqual({ recording: 'https://bot/recordings/c/r.wav?sig=s', completionReason: 'stopToneDetected' });
    expect(d.vars().message).toBe('https://bot/recordings/c/r.wav?sig=s');
  });

  it('leaves through error with the reason when the recording could not be downloaded', () => {
    const d = drive(flowWith({ r: { ...base, variable: 'message' } }));
    const clientContext = d.lastContext('graph.recordResponse');
    d.send(completed(clientContext, { recordingLocation: 'https://rec/1', recordingAccessToken: 'tok', completionReason: 'maxSilenceTimeout' }));
    d.send({ type: 'recording.failed', clientContext: 'other#1.0', error: 'not mine' });
    expect(d.ports).toEqual([]);
    d.send({ type: 'recording.failed', clientContext, error: 'Graph answered 401 to the recording download' });
    expect(d.ports).toEqual(['r:error']);
    expect(d.lastResult()).toEqual({ recording: null, completionReason: 'maxSilenceTimeout', error: 'Graph answered 401 to the recording download' });
  });

  it('asks Graph to barge in when bargeInAllowed is set', () => {
    const d = drive(flowWith({ r: { ...base, bargeInAllowed: true } }));
    expect(d.effects[0]).toMatchObject({ type: 'graph.recordResponse', bargeInAllowed: true });
  });

  it('leaves through noInput when the caller stayed silent', () => {
    const d = drive(flowWith({ r: { ...base, variable: 'message' } }));
    d.send(completed(d.lastContext('graph.recordResponse'), { recordingLocation: '', completionReason: 'initialSilenceTimeout' }));
    expect(d.ports).toEqual(['r:noInput']);
    expect(d.lastResult()).toEqual({ recording: null, completionReason: 'initialSilenceTimeout' });
    expect(d.vars().message).toBe('');
  });

  it('leaves through noInput when Graph fails the recording with 400/8510, the documented initial silence timeout', () => {
    const d = drive(flowWith({ r: base }));
    d.send({
      type: 'operation.failed',
      kind: 'recordResponse',
      clientContext: d.lastContext('graph.recordResponse'),
      result: { code: 400, subcode: 8510, message: 'Action failed, initial silence timeout reached.' },
    });
    expect(d.ports).toEqual(['r:noInput']);
    const other = drive(flowWith({ r: base }));
    other.send({
      type: 'operation.failed',
      kind: 'recordResponse',
      clientContext: other.lastContext('graph.recordResponse'),
      result: { code: 400, subcode: 8508 },
    });
    expect(other.ports).toEqual(['r:error']);
  });

  it('leaves through error when Graph could not play the beep, or failed the operation', () => {
    const beep = drive(flowWith({ r: base }));
    beep.send(completed(beep.lastContext('graph.recordResponse'), { completionReason: 'playBeepFailed' }));
    expect(beep.ports).toEqual(['r:error']);
    const refused = drive(flowWith({ r: base }));
    refused.send({ type: 'operation.failed', kind: 'recordResponse', clientContext: refused.lastContext('graph.recordResponse'), result: {} });
    expect(refused.ports).toEqual(['r:error']);
  });

  it('ignores stop keys (Graph handles them) and completions of other operations', () => {
    const d = drive(flowWith({ r: base }));
    d.send({ type: 'tone', digit: '#' });
    d.send(completed('elsewhere#1.0', { recordingLocation: 'https://rec/2' }));
    expect(d.ports).toEqual([]);
    expect(d.value()).toBe('r');
  });
});
