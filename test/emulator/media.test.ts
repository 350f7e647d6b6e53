import wavefile from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, raw } from '../helpers/emulator-graph.ts';
import { data, establishedIncomingCall, first, operationDone, prompt, wav } from '../helpers/emulator-calls.ts';
import * as documented from '../helpers/emulator-documented.ts';
import { atLeast, atMost } from '../helpers/emulator-timing.ts';

let f: EmulatorFixture;
let promptUrl: (name: string) => string;
beforeAll(async () => {
  f = await startFixture({
    bot: {
      prompts: {
        'three-seconds.wav': wav(3),
        'one-second.wav': wav(1),
        'minute.wav': wav(60),
        'narrowband.wav': wav(1, { sampleRate: 8000 }),
        'stereo.wav': wav(1, { channels: 2 }),
        'not-a-wav.wav': Buffer.from('hello'),
      },
    },
  });
  promptUrl = (name) => `${f.bot.base}/prompts/${name}`;
});
afterAll(() => f.stop());

/** Emulated milliseconds per real one: the unit of the timing bounds (emulator-timing.ts). */
const speed = () => f.emulator.context.clock.speed;

type Operation = { id: string; status: string; clientContext: string | null; '@odata.type': string; '@odata.context': string };

async function post(callId: string, action: string, body: unknown): Promise<{ status: number; location: string | null; operation: Operation }> {
  const res = await raw(f.graph, 'post', `/communications/calls/${callId}/${action}`, body);
  return { status: res.status, location: res.headers.get('location'), operation: (await res.json()) as Operation };
}

async function eventTime(callId: string, event: string, operationId: string): Promise<number> {
  const entry = (await f.emulator.people.log(callId)).find((e) => e.kind === 'event' && e.event === event && e.detail?.operationId === operationId);
  return entry!.t;
}

describe('playPrompt', () => {
  it('answers 200 + Location + a running operation, and completes after the WAV real duration', async () => {
    const callId = await establishedIncomingCall(f);
    const { status, location, operation } = await post(callId, 'playPrompt', { clientContext: 'greeting', prompts: [prompt(promptUrl('three-seconds.wav'))] });
    expect(status).toBe(200);
    expect(location).toBe(`${f.emulator.urls.graph}/communications/calls/${callId}/operations/${operation.id}`);
    expect(operation).toMatchObject({ '@odata.type': '#microsoft.graph.playPromptOperation', status: 'running', clientContext: 'greeting' });
    const done = await operationDone(f, callId, operation.id);
    documented.expectDocumented(first(done), documented.promptCompleted(callId, operation.id));
    const played = (await eventTime(callId, 'operationFinished', operation.id)) - (await eventTime(callId, 'promptPlaying', operation.id));
    // One timer of the WAV's 3000 ms; up to 30 real ms late on a busy machine.
    expect(played).toBeGreaterThanOrEqual(atLeast(3000, speed()));
    expect(played).toBeLessThan(atMost(3000, speed(), 30));
  });

  it('plays several prompts back to back (their durations add up)', async () => {
    const callId = await establishedIncomingCall(f);
    const { operation } = await post(callId, 'playPrompt', {
      prompts: [prompt(promptUrl('one-second.wav')), prompt(promptUrl('three-seconds.wav'), 'cached-3s')],
    });
    await operationDone(f, callId, operation.id);
    // One timer of 1000 + 3000 ms.
    expect((await eventTime(callId, 'operationFinished', operation.id)) - (await eventTime(callId, 'promptPlaying', operation.id))).toBeGreaterThanOrEqual(
      atLeast(4000, speed()),
    );
  });

  it('refuses more than 20 prompts with a 400 naming the field', async () => {
    const callId = await establishedIncomingCall(f);
    const error = await graphError(
      f.graph.api(`/communications/calls/${callId}/playPrompt`).post({ prompts: Array.from({ length: 21 }, () => prompt(promptUrl('one-second.wav'))) }),
    );
    expect([error.statusCode, error.code, error.message]).toEqual([400, 'BadRequest', "Invalid value for 'prompts': at most 20 items are allowed."]);
  });

  it('fails the operation when the prompt is unreachable or not 16 kHz 16-bit mono PCM WAV', async () => {
    const callId = await establishedIncomingCall(f);
    const cases: Array<[string, number]> = [
      ['http://127.0.0.1:9/missing.wav', 8536],
      [promptUrl('nowhere.wav'), 8536],
      [promptUrl('narrowband.wav'), 8535],
      [promptUrl('stereo.wav'), 8535],
      [promptUrl('not-a-wav.wav'), 8535],
    ];
    for (const [uri, subcode] of cases) {
      const { operation } = await post(callId, 'playPrompt', { prompts: [prompt(uri)] });
      const done = await operationDone(f, callId, operation.id);
      expect([uri, data(done).status, data(done).resultInfo]).toEqual([uri, 'failed', expect.objectContaining({ code: 400, subcode })]);
    }
  });

  it('loops on /beta until cancelled, and v1.0 refuses the beta-only `loop`', async () => {
    const callId = await establishedIncomingCall(f);
    const v1 = await graphError(f.graph.api(`/communications/calls/${callId}/playPrompt`).post({ prompts: [prompt(promptUrl('one-second.wav'))], loop: true }));
    expect([v1.statusCode, v1.message]).toEqual([400, expect.stringContaining("The property 'loop' does not exist")]);
    const looping = (await f.graph
      .api(`/communications/calls/${callId}/playPrompt`)
      .version('beta')
      .post({ prompts: [prompt(promptUrl('one-second.wav'))], loop: true })) as Operation;
    await f.emulator.people.waitFor('the looping prompt to play', async () => (await f.emulator.people.call(callId)).media.current?.phase === 'playing');
    // 150 ms at ×50 is 7.5 s: seven rounds of the one-second prompt, and still playing.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await f.emulator.people.call(callId)).media.current?.operationId).toBe(looping.id);
    await f.graph.api(`/communications/calls/${callId}/cancelMediaProcessing`).post({});
    const done = await operationDone(f, callId, looping.id);
    // The call was answered through v1.0, whose playPromptOperation has no completionReason.
    expect(data(done)).toMatchObject({ status: 'failed', resultInfo: { code: 400, subcode: 8508 } });
    expect(data(done)).not.toHaveProperty('completionReason');
  });
});

describe('the media queue (graph-calls.md §2.4)', () => {
  it('runs operations in order, and cancelMediaProcessing fails the running and queued ones', async () => {
    const callId = await establishedIncomingCall(f);
    const a = await post(callId, 'playPrompt', { prompts: [prompt(promptUrl('minute.wav'))] });
    const b = await post(callId, 'playPrompt', { prompts: [prompt(promptUrl('one-second.wav'))] });
    const c = await post(callId, 'recordResponse', { clientContext: 'record-c', maxRecordDurationInSeconds: 10 });
    expect([a, b, c].map((r) => r.operation.status)).toEqual(['running', 'running', 'running']);
    expect((await f.emulator.people.call(callId)).media).toMatchObject({
      current: { operationId: a.operation.id },
      queued: [{ operationId: b.operation.id }, { operationId: c.operation.id }],
    });

    const cancel = await post(callId, 'cancelMediaProcessing', { clientContext: 'stop' });
    expect(cancel.operation).toMatchObject({ '@odata.type': '#microsoft.graph.cancelMediaProcessingOperation', status: 'completed', clientContext: 'stop' });
    for (const play of [a, b]) {
      const done = await operationDone(f, callId, play.operation.id);
      expect(data(done)).toMatchObject({
        status: 'failed',
        resultInfo: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
      });
    }
    documented.expectDocumented(first(await operationDone(f, callId, c.operation.id)), documented.recordCancelled(callId, c.operation.id));
    // A completed response gets no notification.
    expect(f.bot.forCall(callId).some((n) => first(n).resourceUrl?.endsWith(cancel.operation.id))).toBe(false);
  });

  it('a record with bargeInAllowed cancels the running prompt and starts at once', async () => {
    const callId = await establishedIncomingCall(f);
    const play = await post(callId, 'playPrompt', { prompts: [prompt(promptUrl('minute.wav'))] });
    const record = await post(callId, 'recordResponse', { bargeInAllowed: true, playBeep: false, initialSilenceTimeoutInSeconds: 60 });
    expect(data(await operationDone(f, callId, play.operation.id))).toMatchObject({ status: 'failed', resultInfo: { subcode: 8508 } });
    expect((await f.emulator.people.waitForRecording(callId)).media.current?.operationId).toBe(record.operation.id);
  });
});

describe('subscribeToTone', () => {
  it('returns a completed operation (no notification), then one toneInfo update per key with increasing sequenceId', async () => {
    const callId = await establishedIncomingCall(f);
    await f.emulator.people.pressKeys(callId, '9');
    const subscribe = await post(callId, 'subscribeToTone', { clientContext: 'tones' });
    expect(subscribe.operation).toMatchObject({ '@odata.type': '#microsoft.graph.subscribeToToneOperation', status: 'completed' });
    expect(await f.emulator.people.pressKeys(callId, '1#', 100)).toBe(2);
    await f.bot.waitFor(callId, 'the second tone', (n) => (data(n).toneInfo as { sequenceId?: number } | undefined)?.sequenceId === 2);
    const tones = f.bot.forCall(callId).filter((n) => data(n).toneInfo);
    expect(tones).toHaveLength(2);
    documented.expectDocumented(first(tones[0]), documented.tone(callId, 1, 'tone1'));
    documented.expectDocumented(first(tones[1]), documented.tone(callId, 2, 'pound'));
    expect(f.bot.forCall(callId).some((n) => first(n).resourceUrl?.includes(subscribe.operation.id))).toBe(false);
  });
});

describe('recordResponse', () => {
  async function download(location: string, token?: string): Promise<Response> {
    return fetch(location, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  }

  it('records what the caller says and serves it as a real WAV only with the recordingAccessToken', async () => {
    const callId = await establishedIncomingCall(f);
    const { operation } = await post(callId, 'recordResponse', {
      clientContext: 'message',
      initialSilenceTimeoutInSeconds: 30,
      maxSilenceTimeoutInSeconds: 1,
      maxRecordDurationInSeconds: 60,
      stopTones: ['#'],
    });
    await f.emulator.people.waitForRecording(callId);
    expect(await f.emulator.people.speak(callId, 'noise', 2000)).toBe(true);
    const done = data(await operationDone(f, callId, operation.id)) as {
      status: string;
      recordingLocation: string;
      recordingAccessToken: string;
      completionReason: string;
      resultInfo: unknown;
    };
    expect(done).toMatchObject({ status: 'completed', completionReason: 'maxSilenceTimeout', resultInfo: { code: 200, subcode: 8509 } });
    expect((await download(done.recordingLocation)).status).toBe(401);
    expect((await download(done.recordingLocation, 'wrong')).status).toBe(401);
    const res = await download(done.recordingLocation, done.recordingAccessToken);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/octet-stream']);
    const file = new wavefile.WaveFile(Buffer.from(await res.arrayBuffer()));
    const fmt = file.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number; byteRate: number };
    expect([fmt.sampleRate, fmt.numChannels, fmt.bitsPerSample]).toEqual([16000, 1, 16]);
    // From listening to the caller's first word, then 2000 ms of speech and the 1000 ms of silence
    // that end it: two chained timers; up to 30 real ms late on a busy machine.
    const log = await f.emulator.people.log(callId);
    const listening = log.find((e) => e.kind === 'event' && e.event === 'recordingListening')!.t;
    const spoke = log.find((e) => e.kind === 'person' && e.action === 'speak')!.t;
    const expectedMs = spoke - listening + 2000 + 1000;
    const recordedMs = ((file.data as { chunkSize: number }).chunkSize / fmt.byteRate) * 1000;
    expect(recordedMs).toBeGreaterThanOrEqual(atLeast(expectedMs, speed(), 2));
    expect(recordedMs).toBeLessThan(atMost(expectedMs, speed(), 30));
    const samples = file.getSamples(false, Int16Array) as unknown as Int16Array;
    expect(samples.some((s) => Math.abs(s) > 1000)).toBe(true);
  });

  it('stops at the maximum duration with the documented completion (200/8515 + location + token)', async () => {
    const callId = await establishedIncomingCall(f);
    const { operation } = await post(callId, 'recordResponse', {
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      maxRecordDurationInSeconds: 2,
      initialSilenceTimeoutInSeconds: 30,
      playBeep: true,
    });
    await f.emulator.people.waitForRecording(callId);
    await f.emulator.people.speak(callId, 'noise', 10_000);
    const done = await operationDone(f, callId, operation.id);
    documented.expectDocumented(first(done), documented.recordCompleted(callId, operation.id, 'd45324c1-fcb5-430a-902c-f20af696537c'));
    const res = await fetch(String(data(done).recordingLocation), { headers: { Authorization: `Bearer ${String(data(done).recordingAccessToken)}` } });
    const file = new wavefile.WaveFile(Buffer.from(await res.arrayBuffer()));
    expect((file.data as { chunkSize: number }).chunkSize).toBe(2 * 16000 * 2);
  });

  it('stops on a stop tone, and fails with 400/8510 and no recording when the caller never speaks', async () => {
    const callId = await establishedIncomingCall(f);
    const stopped = await post(callId, 'recordResponse', { stopTones: ['#', '1', '*'], initialSilenceTimeoutInSeconds: 30, maxRecordDurationInSeconds: 120 });
    await f.emulator.people.waitForRecording(callId);
    await f.emulator.people.speak(callId, 'noise', 60_000);
    await f.emulator.people.pressKeys(callId, '#');
    expect(data(await operationDone(f, callId, stopped.operation.id))).toMatchObject({
      status: 'completed',
      completionReason: 'stopToneDetected',
      resultInfo: { code: 200, subcode: 8514 },
      recordingLocation: expect.stringMatching(/^https:/),
    });

    const silent = await post(callId, 'recordResponse', { initialSilenceTimeoutInSeconds: 5, playBeep: false });
    await f.emulator.people.waitForRecording(callId);
    expect(await f.emulator.people.speak(callId, 'silence', 500)).toBe(true);
    expect(data(await operationDone(f, callId, silent.operation.id))).toMatchObject({
      status: 'failed',
      completionReason: 'initialSilenceTimeout',
      resultInfo: { code: 400, subcode: 8510, message: 'Action failed, initial silence timeout reached.' },
      recordingLocation: '',
      recordingAccessToken: '',
    });
  });

  it("plays its prompt before listening, and fails 500/8511 (the platform's playPromptFailed) when the prompt cannot be played", async () => {
    const callId = await establishedIncomingCall(f);
    // Played once first under the same resourceId, the prompt is cached: no download lies between
    // the request and the prompt's start, only its length and the beep before listening.
    const cached = prompt(promptUrl('one-second.wav'), 'record-prompt-1s');
    await operationDone(f, callId, (await post(callId, 'playPrompt', { prompts: [cached] })).operation.id);
    const good = await post(callId, 'recordResponse', { prompts: [cached], initialSilenceTimeoutInSeconds: 1 });
    await operationDone(f, callId, good.operation.id);
    const promptEnd = await eventTime(callId, 'recordingListening', good.operation.id);
    const started = (await f.emulator.people.log(callId)).find((e) => e.kind === 'request' && e.action === 'recordResponse')!.t;
    // Two chained timers: the one-second prompt, then the beep.
    expect(promptEnd - started).toBeGreaterThanOrEqual(atLeast(1000 + f.emulator.context.timings.beepMs, speed(), 2));
    const bad = await post(callId, 'recordResponse', { prompts: [prompt(promptUrl('narrowband.wav'))] });
    expect(data(await operationDone(f, callId, bad.operation.id))).toMatchObject({
      status: 'failed',
      completionReason: 'playPromptFailed',
      resultInfo: { code: 500, subcode: 8511, message: 'Action failed, encountered failure while trying to play the prompt.' },
    });
  });

  it('refuses a 300 s maximum duration and more than one prompt, naming the field', async () => {
    const callId = await establishedIncomingCall(f);
    const long = await graphError(f.graph.api(`/communications/calls/${callId}/recordResponse`).post({ maxRecordDurationInSeconds: 300 }));
    expect([long.statusCode, long.message]).toEqual([400, "Invalid value for 'maxRecordDurationInSeconds': 300 is out of range; it must be at most 120."]);
    const prompts = await graphError(
      f.graph
        .api(`/communications/calls/${callId}/recordResponse`)
        .post({ prompts: [prompt(promptUrl('one-second.wav')), prompt(promptUrl('one-second.wav'))] }),
    );
    expect([prompts.statusCode, prompts.message]).toEqual([400, "Invalid value for 'prompts': at most 1 items are allowed."]);
  });
});

describe('sendDtmfTones and media requirements', () => {
  it('sends tones and completes with the documented payload', async () => {
    const callId = await establishedIncomingCall(f);
    const { operation } = await post(callId, 'sendDtmfTones', { tones: ['tone1', 'tone2', 'pound'], delayBetweenTonesMs: 1000, clientContext: 'e0be71f1' });
    expect(operation).toMatchObject({ '@odata.type': '#microsoft.graph.sendDtmfTonesOperation', status: 'running' });
    documented.expectDocumented(first(await operationDone(f, callId, operation.id)), documented.dtmfCompleted(callId, operation.id, 'e0be71f1'));
  });

  it('refuses IVR actions on an app-hosted-media call, sendDtmfTones excepted, and before the call is established', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'early' } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    const early = await graphError(f.graph.api(`/communications/calls/${id}/playPrompt`).post({ prompts: [prompt(promptUrl('one-second.wav'))] }));
    expect([early.statusCode, early.code]).toEqual([409, 'Conflict']);
    await f.graph
      .api(`/communications/calls/${id}/answer`)
      .post({ acceptedModalities: ['audio'], mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: '<media session configuration>' } });
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    const appHosted = await graphError(f.graph.api(`/communications/calls/${id}/subscribeToTone`).post({}));
    expect([appHosted.statusCode, appHosted.message]).toEqual([400, expect.stringContaining('service-hosted media')]);
    // Sending tones is not an IVR action of the service's media: the page of sendDtmfTones names
    // app-hosted media ("Calls.AccessMedia.All is only necessary for calls that use app-hosted media").
    const { operation } = await post(id, 'sendDtmfTones', { tones: ['tone4', 'pound'], clientContext: 'app-hosted' });
    expect(operation).toMatchObject({ '@odata.type': '#microsoft.graph.sendDtmfTonesOperation', status: 'running' });
    documented.expectDocumented(first(await operationDone(f, id, operation.id)), documented.dtmfCompleted(id, operation.id, 'app-hosted'));
  });
});
