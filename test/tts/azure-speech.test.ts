/**
 * The `azure` synthesizer against the emulator's Azure AI Speech stand-in over HTTPS: real WAVs
 * whose length follows the words, SSML that carries a caller's `</speak>` and `<break/>` as words,
 * a voice per locale checked against the voices list, the three ways of authorizing (key, issued
 * token, Entra), and the service's 400, 401, 415, 429 and 5xx answers mapped to typed failures,
 * with bounded retries that wait what Retry-After says.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { AzureSpeechSynthesizer, type AzureSpeechOptions } from '../../engine/tts/azure/azure-speech-synthesizer.ts';
import { parseAzureSpeech } from '../../engine/config-azure-speech.ts';
import { DEFAULT_VOICES, createAzureSpeechSynthesizer, speechCredentials } from '../../engine/tts/azure/create-azure-speech.ts';
import { SynthesisError } from '../../engine/tts/synthesizer.ts';
import { appCredential } from '../../engine/node/app-credential.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { seededRandom, testSeed } from '../support/seeded-random.ts';

let emulator: RunningEmulator;
const app = {
  tenantId: '5b2d1c4e-6f70-4a81-9c2d-3e4f5a6b7c8d',
  appId: '8c1e5d4f-3a2b-4c6d-9e8f-0a1b2c3d4e5f',
  secret: 'speech~bot-secret-value-1234567',
  displayName: 'Speech bot',
};
const sleeps: number[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR, apps: [app], speech: { tokenLifetimeSeconds: 2 } });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  sleeps.length = 0;
  emulator.speech.requests.length = 0;
  emulator.speech.faults.length = 0;
});

const key = () => emulator.speech.keys[0];
/** The settings the variables give, or an Error listing the problems. */
function azureSpeechSettings(env: Record<string, string | undefined>) {
  const problems: string[] = [];
  const settings = parseAzureSpeech((name) => env[name]?.trim() || undefined, problems);
  if (problems.length) throw new Error(problems.join('\n'));
  return settings;
}
function synthesizer(options: Partial<AzureSpeechOptions> = {}): AzureSpeechSynthesizer {
  return new AzureSpeechSynthesizer({
    endpoint: emulator.urls.speech,
    credentials: { kind: 'key', key: key() },
    voices: DEFAULT_VOICES,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...options,
  });
}
const syntheses = () => emulator.speech.requests.filter((r) => r.operation === 'synthesize');
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('it should have failed'),
    (error: SynthesisError) => error,
  );

/** The WAV header fields a player reads, and the length of the audio. */
function wav(audio: Buffer) {
  return {
    riff: audio.toString('ascii', 0, 4),
    wave: audio.toString('ascii', 8, 12),
    format: audio.readUInt16LE(20),
    channels: audio.readUInt16LE(22),
    sampleRate: audio.readUInt32LE(24),
    bits: audio.readUInt16LE(34),
    durationMs: (audio.readUInt32LE(40) / 2 / 16_000) * 1000,
  };
}

describe('the azure synthesizer against the Speech stand-in', () => {
  it('returns a RIFF WAV at 16 kHz, 16-bit, mono whose length follows the words, sent with the documented headers', async () => {
    const tts = synthesizer();
    const short = wav(await tts.synthesize({ text: 'Welcome to Contoso.', locale: 'en-US' }));
    const long = wav(await tts.synthesize({ text: 'Welcome to Contoso. For sales press 1, for support press 2.', locale: 'en-US' }));
    expect(short).toEqual({ riff: 'RIFF', wave: 'WAVE', format: 1, channels: 1, sampleRate: 16_000, bits: 16, durationMs: 19 * 60 });
    expect(long.durationMs).toBe(59 * 60);
    expect(syntheses()[0]).toMatchObject({
      status: 200,
      auth: 'key',
      contentType: 'application/ssml+xml',
      outputFormat: 'riff-16khz-16bit-mono-pcm',
      userAgent: 'callflow',
      voices: ['en-US-JennyNeural'],
      text: 'Welcome to Contoso.',
    });
  });

  it('escapes a caller’s </speak> and <break time="100s"/>: the service receives well-formed SSML with the literal words', async () => {
    const name = 'Ada </speak><break time="100s"/> & \'Bob\' <voice name="x">';
    const audio = wav(await synthesizer().synthesize({ text: `Hello ${name}`, locale: 'en-GB' }));
    const received = syntheses()[0];
    expect(received.status).toBe(200);
    expect(received.text).toBe(`Hello ${name}`);
    expect(received.voices).toEqual(['en-GB-SoniaNeural']);
    expect(received.ssml).toContain('Hello Ada &lt;/speak&gt;&lt;break time=&quot;100s&quot;/&gt; &amp; &apos;Bob&apos;');
    // No 100 s pause: only the characters are heard.
    expect(audio.durationMs).toBe(`Hello ${name}`.length * 60);
  });

  it('places an author’s SSML fragment inside the voice (its break is heard) and sends a whole document as written', async () => {
    const tts = synthesizer();
    const fragment = wav(await tts.synthesize({ ssml: 'Hello <break time="500ms"/> there', locale: 'fr-FR' }));
    expect(fragment.durationMs).toBe('Hello  there'.length * 60 + 500);
    expect(syntheses()[0].voices).toEqual(['fr-FR-DeniseNeural']);
    const document =
      '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="de-DE"><voice name="de-DE-ConradNeural">Guten Tag</voice></speak>';
    await tts.synthesize({ ssml: document, locale: 'de-DE' });
    expect(syntheses()[1]).toMatchObject({ ssml: document, voices: ['de-DE-ConradNeural'] });
  });

  it('speaks each locale with its configured voice, a prompt’s own voice first, and the first listed voice where none is configured', async () => {
    // As the engine builds it: the emulator's environment, CALLFLOW_TTS_VOICES over the defaults.
    const tts = createAzureSpeechSynthesizer(azureSpeechSettings(emulator.env), { voices: { 'en-US': 'en-US-GuyNeural' } });
    await tts.synthesize({ text: 'one', locale: 'en-US' });
    await tts.synthesize({ text: 'dos', locale: 'es-ES' });
    await tts.synthesize({ text: 'drei', locale: 'de-DE', voice: 'de-de-conradneural' });
    await synthesizer({ voices: {} }).synthesize({ text: 'four', locale: 'en-GB' });
    expect(syntheses().map((r) => r.voices)).toEqual([['en-US-GuyNeural'], ['es-ES-ElviraNeural'], ['de-DE-ConradNeural'], ['en-GB-SoniaNeural']]);
  });

  it('names its output so cached audio is not reused across endpoints or voice choices', () => {
    const version = synthesizer().version;
    expect(version).toMatch(/^rest-v1\/riff-16khz-16bit-mono-pcm\/[0-9a-f]{12}$/);
    expect(synthesizer().version).toBe(version);
    expect(synthesizer({ endpoint: 'https://westeurope.tts.speech.microsoft.com' }).version).not.toBe(version);
    expect(synthesizer({ voices: { ...DEFAULT_VOICES, 'en-US': 'en-US-GuyNeural' } }).version).not.toBe(version);
  });

  it('lists voices per locale from a cached list, and refuses a voice the service does not have before synthesizing', async () => {
    const tts = synthesizer();
    expect(await tts.voices('es-es')).toEqual([
      { name: 'es-ES-ElviraNeural', locale: 'es-ES', gender: 'Female' },
      { name: 'es-ES-AlvaroNeural', locale: 'es-ES', gender: 'Male' },
    ]);
    expect((await tts.voices()).length).toBe(11);
    const error = await failure(tts.synthesize({ text: 'Hola', locale: 'es-ES', voice: 'es-ES-NobodyNeural' }));
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error).toMatchObject({
      kind: 'badInput',
      message: "Azure Speech has no voice 'es-ES-NobodyNeural'; es-ES has es-ES-ElviraNeural, es-ES-AlvaroNeural",
    });
    expect(await failure(tts.synthesize({ text: 'Hallo', locale: 'nl-NL' }))).toMatchObject({
      kind: 'badInput',
      message: 'Azure Speech has no voice for nl-NL',
    });
    expect(emulator.speech.requests.map((r) => r.operation)).toEqual(['voices']);
  });

  it('authorizes with a token from issueToken, reused until the service refuses it, then replaced once', async () => {
    const tts = synthesizer({ credentials: { kind: 'token', key: key(), issueTokenUrl: `${emulator.urls.speech}/sts/v1.0/issueToken` } });
    await tts.synthesize({ text: 'first', locale: 'en-US' });
    await tts.synthesize({ text: 'second', locale: 'en-US' });
    expect(emulator.speech.requests.map((r) => `${r.operation} ${r.status} ${r.auth}`)).toEqual([
      'issueToken 200 key',
      'voices 200 token',
      'synthesize 200 token',
      'synthesize 200 token',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the stand-in's tokens live 2 s here
    await tts.synthesize({ text: 'third', locale: 'en-US' });
    expect(emulator.speech.requests.slice(4).map((r) => `${r.operation} ${r.status}`)).toEqual(['synthesize 401', 'issueToken 200', 'synthesize 200']);
  });

  it('authorizes with a Microsoft Entra token as aad#<resource id>#<token>, and is refused for another resource', async () => {
    const env = {
      AZURE_SPEECH_ENDPOINT: emulator.urls.speech,
      AZURE_SPEECH_RESOURCE_ID: emulator.speech.resourceId,
    };
    const botApp = { tenantId: app.tenantId, clientId: app.appId, clientSecret: app.secret, authorityHost: emulator.urls.base };
    const bot = appCredential(botApp);
    const settings = azureSpeechSettings(env);
    expect(settings.auth).toEqual({ kind: 'entra', resourceId: emulator.speech.resourceId });
    await synthesizer({ credentials: speechCredentials(settings, bot) }).synthesize({ text: 'Entra', locale: 'en-US' });
    expect(syntheses()[0]).toMatchObject({ status: 200, auth: 'entra' });

    const other = azureSpeechSettings({ ...env, AZURE_SPEECH_RESOURCE_ID: emulator.speech.resourceId.replace('callflow-speech', 'other-speech') });
    const error = await failure(synthesizer({ credentials: speechCredentials(other, bot) }).voices());
    expect(error).toMatchObject({ kind: 'unauthorized', message: 'Azure Speech refused the credentials (401)' });
    const wrongSecret = await failure(synthesizer({ credentials: speechCredentials(settings, appCredential({ ...botApp, clientSecret: 'wrong' })) }).voices());
    expect(wrongSecret).toMatchObject({ kind: 'unauthorized' });
    expect(wrongSecret.message).toMatch(/^no Microsoft Entra token for Azure Speech: \w+ AADSTS7000215$/);
  });

  it('maps 401 to unauthorized without naming the key, for the key itself and for issueToken', async () => {
    const wrong = 'not-the-key-0123456789abcdef';
    const byKey = await failure(synthesizer({ credentials: { kind: 'key', key: wrong } }).synthesize({ text: 'x', locale: 'en-US' }));
    expect(byKey).toMatchObject({ kind: 'unauthorized', message: 'Azure Speech refused the credentials (401)' });
    const byToken = await failure(
      synthesizer({ credentials: { kind: 'token', key: wrong, issueTokenUrl: `${emulator.urls.speech}/sts/v1.0/issueToken` } }).synthesize({
        text: 'x',
        locale: 'en-US',
      }),
    );
    expect(byToken).toMatchObject({ kind: 'unauthorized', message: 'Azure Speech issueToken refused the key (401)' });
    for (const error of [byKey, byToken]) expect(JSON.stringify({ ...error, message: error.message })).not.toContain(wrong);
    expect(sleeps).toEqual([]);
  });

  it('maps 400 to badInput with what the service said, without retrying', async () => {
    const broken = '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-JennyNeural">Hi</speak>';
    expect(await failure(synthesizer().synthesize({ ssml: broken, locale: 'en-US' }))).toMatchObject({
      kind: 'badInput',
      message: 'Azure Speech refused the request (400): The SSML is not valid: </speak> closes <voice> at character 116.',
    });
    const unknown = '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-NobodyNeural">Hi</voice></speak>';
    expect(await failure(synthesizer().synthesize({ ssml: unknown, locale: 'en-US' }))).toMatchObject({
      kind: 'badInput',
      message: "Azure Speech refused the request (400): The SSML is not valid: unknown voice 'en-US-NobodyNeural'.",
    });
    expect(syntheses().length).toBe(2);
    expect(sleeps).toEqual([]);
  });

  it('retries a 429 after the Retry-After the service sent, at most three attempts in all, then fails as throttled with the wait', async () => {
    const tts = synthesizer();
    await tts.voices();
    emulator.speech.faults.push({ status: 429, retryAfter: '1' });
    expect(wav(await tts.synthesize({ text: 'again', locale: 'en-US' })).sampleRate).toBe(16_000);
    expect(sleeps).toEqual([1000]);

    sleeps.length = 0;
    emulator.speech.faults.push({ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '2' }, { status: 429, retryAfter: '2' });
    const error = await failure(tts.synthesize({ text: 'again', locale: 'en-US' }));
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 2000, message: 'Azure Speech answered 429 (too many requests), retry after 2000 ms' });
    expect(sleeps).toEqual([2000, 2000]);
    expect(emulator.speech.faults).toEqual([]);
  });

  it('answers 429 itself past its rate, and a Retry-After longer than a caller can wait is not waited for', async () => {
    const tts = synthesizer();
    await tts.voices();
    const rate = await fetch(`${emulator.urls.base}/emulator/speech/rate`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: 2, windowMs: 60_000 }),
    });
    expect(rate.status).toBe(204);
    try {
      await tts.synthesize({ text: 'one', locale: 'en-US' });
      await tts.synthesize({ text: 'two', locale: 'en-US' });
      const error = await failure(tts.synthesize({ text: 'three', locale: 'en-US' }));
      expect(error).toMatchObject({ kind: 'throttled' });
      expect(error.retryAfterMs).toBeGreaterThan(58_000);
      expect(sleeps).toEqual([]);
    } finally {
      emulator.speech.rate = { requests: 200, windowMs: 1000 };
    }
  });

  it('retries 502 and 503 with backoff and gives up as unavailable after three attempts', async () => {
    const tts = synthesizer();
    await tts.voices();
    emulator.speech.faults.push({ status: 502 }, { status: 503 });
    await tts.synthesize({ text: 'third time lucky', locale: 'en-US' });
    expect(sleeps).toEqual([125, 250]);

    sleeps.length = 0;
    emulator.speech.faults.push({ status: 503, body: 'Service Unavailable' }, { status: 503 }, { status: 503 });
    expect(await failure(tts.synthesize({ text: 'never', locale: 'en-US' }))).toMatchObject({ kind: 'unavailable', message: 'Azure Speech answered 503' });
    expect(sleeps).toEqual([125, 250]);

    // Audio that is not what was asked for is the service failing, not the prompt.
    emulator.speech.faults.push({ status: 200, body: 'not audio' });
    expect(await failure(tts.synthesize({ text: 'odd', locale: 'en-US' }))).toMatchObject({
      kind: 'unavailable',
      message: 'Azure Speech answered audio that is not riff-16khz-16bit-mono-pcm: no RIFF/WAVE header',
    });

    // A wait that would end past the synthesis' deadline is not begun.
    sleeps.length = 0;
    emulator.speech.faults.push({ status: 503, retryAfter: '1' });
    const hurried = synthesizer({ timeoutMs: 800 });
    await hurried.voices();
    expect(await failure(hurried.synthesize({ text: 'soon', locale: 'en-US' }))).toMatchObject({ kind: 'unavailable', retryAfterMs: 1000 });
    expect(sleeps).toEqual([]);
  });

  // The documentation does not say whether a 429 or a 5xx carries Retry-After, nor how long it is:
  // random sequences of answers, with and without it, against the retry policy.
  const seed = testSeed();
  it(`retries any sequence of 429 and 5xx answers as the policy says (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const tts = synthesizer();
    await tts.voices();
    for (let round = 0; round < 25; round++) {
      sleeps.length = 0;
      const answers = Array.from({ length: Math.floor(random() * 4) }, () => ({
        status: [429, 500, 502, 503, 504][Math.floor(random() * 5)],
        ...(random() < 0.5 ? { retryAfter: ['0', '1', '2', '30'][Math.floor(random() * 4)] } : {}),
      }));
      emulator.speech.faults.push(...answers);
      // What the policy expects: up to three attempts; a wait of Retry-After (at most 10 s) or 250 ms × 2^(n-1) × 0.5.
      const expectedSleeps: number[] = [];
      let expectedFailure: (typeof answers)[number] | undefined;
      for (const [index, answer] of answers.entries()) {
        const wait = answer.retryAfter !== undefined ? Number(answer.retryAfter) * 1000 : 125 * 2 ** index;
        if (index === 2 || wait > 10_000) {
          expectedFailure = answer;
          break;
        }
        expectedSleeps.push(wait);
      }
      const outcome = await tts.synthesize({ text: 'maybe', locale: 'en-US' }).then(
        () => 'ok',
        (error: SynthesisError) => error,
      );
      const context = `seed ${seed}, round ${round}: ${JSON.stringify(answers)}`;
      if (expectedFailure) {
        expect(outcome, context).toMatchObject({
          kind: expectedFailure.status === 429 ? 'throttled' : 'unavailable',
          retryAfterMs: expectedFailure.retryAfter === undefined ? undefined : Number(expectedFailure.retryAfter) * 1000,
        });
      } else expect(outcome, context).toBe('ok');
      expect(sleeps, context).toEqual(expectedSleeps);
      emulator.speech.faults.length = 0;
    }
  });

  it('fails as unavailable when nothing answers, and as timeout (not retried) when the answer is late or the caller gives up', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const nobody = await failure(
      synthesizer({ endpoint: `https://127.0.0.1:${port}`, voices: {} }).synthesize({ text: 'x', locale: 'en-US', voice: 'en-US-JennyNeural' }),
    );
    expect(nobody).toMatchObject({ kind: 'unavailable', message: 'Azure Speech could not be reached (ECONNREFUSED)' });
    expect(sleeps).toEqual([125, 250]);

    sleeps.length = 0;
    const tts = synthesizer({ timeoutMs: 300 });
    await tts.voices();
    emulator.speech.faults.push({ delayMs: 1500 });
    expect(await failure(tts.synthesize({ text: 'slow', locale: 'en-US' }))).toMatchObject({
      kind: 'timeout',
      message: 'Azure Speech did not answer within 300 ms',
    });
    expect(sleeps).toEqual([]);

    emulator.speech.faults.push({ on: 'issueToken', delayMs: 1500 });
    const tokenLate = synthesizer({ timeoutMs: 300, credentials: { kind: 'token', key: key(), issueTokenUrl: `${emulator.urls.speech}/sts/v1.0/issueToken` } });
    expect(await failure(tokenLate.synthesize({ text: 'slow', locale: 'en-US', voice: 'en-US-JennyNeural' }))).toMatchObject({ kind: 'timeout' });
    expect(sleeps).toEqual([]);

    emulator.speech.faults.push({ delayMs: 1500 });
    const hungUp = new AbortController();
    setTimeout(() => hungUp.abort(), 100);
    expect(await failure(tts.synthesize({ text: 'slow', locale: 'en-US' }, hungUp.signal))).toMatchObject({
      kind: 'timeout',
      message: 'Azure Speech synthesis was cancelled',
    });
  });
});

describe('the Speech stand-in', () => {
  const post = (headers: Record<string, string>, body = '<speak/>') => fetch(`${emulator.urls.speech}/cognitiveservices/v1`, { method: 'POST', headers, body });
  const ssml = '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-JennyNeural">Hi</voice></speak>';
  const good = () => ({
    'Ocp-Apim-Subscription-Key': key(),
    'Content-Type': 'application/ssml+xml',
    'X-Microsoft-OutputFormat': 'riff-16khz-16bit-mono-pcm',
    'User-Agent': 'test',
  });

  it('answers the documented statuses for missing or wrong headers', async () => {
    const { 'Ocp-Apim-Subscription-Key': _key, ...unauthorized } = good();
    expect((await post(unauthorized, ssml)).status).toBe(401);
    expect((await post({ ...good(), 'Ocp-Apim-Subscription-Key': 'wrong' }, ssml)).status).toBe(401);
    expect((await post({ ...good(), Authorization: 'Bearer not-a-token', 'Ocp-Apim-Subscription-Key': undefined! }, ssml)).status).toBe(401);
    const wrongType = await post({ ...good(), 'Content-Type': 'text/plain' }, ssml);
    expect([wrongType.status, await wrongType.text()]).toEqual([415, "Content-Type 'text/plain' is not application/ssml+xml."]);
    const { 'X-Microsoft-OutputFormat': _format, ...noFormat } = good();
    expect((await post(noFormat, ssml)).status).toBe(400);
    expect(await (await post({ ...good(), 'X-Microsoft-OutputFormat': 'riff-16khz-16bit-stereo' }, ssml)).text()).toBe(
      "'riff-16khz-16bit-stereo' is not an audio output format.",
    );
    expect((await post({ ...good(), 'User-Agent': 'x'.repeat(255) }, ssml)).status).toBe(400);
    const raw = await post({ ...good(), 'X-Microsoft-OutputFormat': 'raw-16khz-16bit-mono-pcm' }, ssml);
    expect([raw.status, (await raw.arrayBuffer()).byteLength]).toEqual([200, 2 * 60 * 16 * 2]);
  });

  it('refuses malformed SSML, text outside a voice and a missing speak attribute with 400', async () => {
    for (const [body, message] of [
      ['<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">Hi</speak>', 'text directly inside <speak>'],
      ['<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis"><voice name="en-US-JennyNeural">Hi</voice></speak>', 'lacks its required xml:lang'],
      [ssml.replace('Hi', 'Tom & Jerry'), "a bare '&'"],
      [ssml.replace('"en-US-JennyNeural"', 'en-US-JennyNeural'), 'must be quoted'],
      [`<!DOCTYPE speak>${ssml}`, 'DOCTYPE'],
    ]) {
      const response = await post(good(), body);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
  });

  it('cuts audio at 10 minutes, as the service does', async () => {
    const words = 'abcdefghi '.repeat(1_100); // 11,000 characters: 11 minutes at 60 ms a character
    const response = await post(good(), ssml.replace('Hi', words));
    expect(response.status).toBe(200);
    expect(wav(Buffer.from(await response.arrayBuffer())).durationMs).toBe(10 * 60_000);
  });

  it('issues tokens for a key and answers a wrong key as the real issueToken does', async () => {
    const url = `${emulator.urls.speech}/sts/v1.0/issueToken`;
    const denied = await fetch(url, { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': 'wrong' } });
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('401');
    const token = await (await fetch(url, { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': key() } })).text();
    expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const voices = await fetch(`${emulator.urls.speech}/cognitiveservices/voices/list`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await voices.json()) as Array<{ ShortName: string }>).map((v) => v.ShortName)).toContain('en-US-JennyNeural');
  });

  it('lists voices only for a key or token, and takes an Entra token only for Cognitive Services and its own resource', async () => {
    const list = (headers: Record<string, string>) => fetch(`${emulator.urls.speech}/cognitiveservices/voices/list`, { headers }).then((r) => r.status);
    expect(await list({})).toBe(401);
    expect(await list({ 'Ocp-Apim-Subscription-Key': key() })).toBe(200);
    const graphToken = await emulator.issueAccessToken({ appId: app.appId });
    const speechToken = await emulator.issueAccessToken({ appId: app.appId, resource: 'https://cognitiveservices.azure.com' });
    expect(await list({ Authorization: `Bearer aad#${emulator.speech.resourceId}#${graphToken}` })).toBe(401);
    expect(await list({ Authorization: `Bearer aad#${emulator.speech.resourceId}#${speechToken}` })).toBe(200);
    expect(await list({ Authorization: `Bearer ${speechToken}` })).toBe(401);
    const expired = await emulator.issueAccessToken({ appId: app.appId, resource: 'https://cognitiveservices.azure.com', lifetimeSeconds: -400 });
    expect(await list({ Authorization: `Bearer aad#${emulator.speech.resourceId}#${expired}` })).toBe(401);
  });

  it('takes faults and rates over HTTP only in their documented shape', async () => {
    const put = (path: string, body: unknown) =>
      fetch(`${emulator.urls.base}/emulator/speech/${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    expect(await put('faults', { faults: [{ retryAfter: '1' }] })).toBe(400);
    expect(await put('rate', { requests: 0, windowMs: 1000 })).toBe(400);
    expect(await put('faults', { faults: [{ on: 'voices', status: 503 }] })).toBe(204);
    expect(
      await fetch(`${emulator.urls.speech}/cognitiveservices/voices/list`, { headers: { 'Ocp-Apim-Subscription-Key': key() } }).then((r) => r.status),
    ).toBe(503);
    const received = (await (await fetch(`${emulator.urls.base}/emulator/speech/requests`)).json()) as Array<{ operation: string; status: number }>;
    expect(received.at(-1)).toEqual({ operation: 'voices', status: 503 });
    expect(JSON.stringify(received)).not.toContain(key());
  });

  it('is in the environment the emulator prints, with a key that survives a restart', () => {
    expect(emulator.env).toMatchObject({ AZURE_SPEECH_ENDPOINT: `${emulator.urls.base}/speech`, AZURE_SPEECH_KEY: key() });
    expect(Object.keys(emulator.env).at(-1)).toBe('NODE_EXTRA_CA_CERTS');
    expect(azureSpeechSettings(emulator.env)).toMatchObject({ endpoint: emulator.urls.speech, auth: { kind: 'key', key: key() } });
  });
});
