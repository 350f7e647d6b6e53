/**
 * The Azure AI Speech stand-in: the text to speech REST API as a bot uses it, served under
 * `/speech` of the emulator (AZURE_SPEECH_ENDPOINT). Sources are learn.microsoft.com, Azure AI
 * Speech: "Text to speech REST API" (REST §…), the "Authentication" include of that page, "SSML
 * document structure and events" (ssml.ts) and "Speech service quotas and limits".
 *
 * - `POST /sts/v1.0/issueToken` with `Ocp-Apim-Subscription-Key`: the token as the body (a JWT,
 *   valid 10 minutes). A missing or wrong key gets 401 with `{"error":{"code":"401","message":
 *   "Access denied due to invalid subscription key or wrong API endpoint. …"}}`, the body the real
 *   endpoint answers (Azure-Samples/AzureSpeechReactSample issue 10).
 * - `GET /cognitiveservices/voices/list` (REST §Get a list of voices): needs
 *   `Ocp-Apim-Subscription-Key` or `Authorization` (Bearer); answers the voices of voices.ts.
 * - `POST /cognitiveservices/v1` (REST §Convert text to speech), checked in this order:
 *   authorization (either header; a bearer token from issueToken or `aad#<resource id>#<Entra
 *   token>` for `https://cognitiveservices.azure.com`) else 401; the rate
 *   (settings `rate`) else 429; `Content-Type: application/ssml+xml` else 415 ("It's possible that the
 *   wrong Content-Type value was provided"); `X-Microsoft-OutputFormat` present and one of the
 *   documented formats (REST §Audio outputs) else 400, and one the stand-in can produce
 *   (`riff-16khz-16bit-mono-pcm`, `raw-16khz-16bit-mono-pcm`) else 400 saying so; `User-Agent`
 *   present and "fewer than 255 characters" else 400 ("A common reason is a header that's too
 *   long"); the SSML well formed, with known voices, at most 50 voice and audio elements, at most
 *   64 KB (the per-turn limit the limits page gives for websockets; it names none for REST) else 400.
 *   Then 200 with the WAV of tone-wav.ts.
 *
 * Where the documentation is silent the stand-in chooses, and says so here: error bodies of the
 * synthesis endpoint are a plain-text sentence (401: empty); a 429 carries `Retry-After` in whole
 * seconds until the window frees (the real service's header is not documented); audio is
 * `audio/x-wav`, raw PCM `audio/basic`.
 *
 * `/emulator/speech/…` (adminRouter): queue faults (`PUT /faults`), set the rate (`PUT /rate`) and
 * read what was received (`GET /requests`, no keys or tokens).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AccessTokens } from '../identity/access-tokens.ts';
import type { EmulatedSpeech, SpeechFault, SpeechOperation } from './speech-service.ts';
import { readSsml } from './ssml.ts';
import { riffWav, toneSamples } from './tone-wav.ts';
import { EMULATED_VOICES } from './voices.ts';

/** Audiences a token for Azure AI services carries (scope https://cognitiveservices.azure.com/.default). */
const COGNITIVE_SERVICES_AUDIENCES = ['https://cognitiveservices.azure.com', 'https://cognitiveservices.azure.com/'];

/** REST §Audio outputs, streaming and non-streaming. */
const DOCUMENTED_FORMATS = new Set([
  'amr-wb-16000hz',
  'audio-16khz-16bit-32kbps-mono-opus',
  'audio-16khz-32kbitrate-mono-mp3',
  'audio-16khz-64kbitrate-mono-mp3',
  'audio-16khz-128kbitrate-mono-mp3',
  'audio-24khz-16bit-24kbps-mono-opus',
  'audio-24khz-16bit-48kbps-mono-opus',
  'audio-24khz-48kbitrate-mono-mp3',
  'audio-24khz-96kbitrate-mono-mp3',
  'audio-24khz-160kbitrate-mono-mp3',
  'audio-48khz-96kbitrate-mono-mp3',
  'audio-48khz-192kbitrate-mono-mp3',
  'ogg-16khz-16bit-mono-opus',
  'ogg-24khz-16bit-mono-opus',
  'ogg-48khz-16bit-mono-opus',
  'raw-8khz-8bit-mono-alaw',
  'raw-8khz-8bit-mono-mulaw',
  'raw-8khz-16bit-mono-pcm',
  'raw-16khz-16bit-mono-pcm',
  'raw-16khz-16bit-mono-truesilk',
  'raw-22050hz-16bit-mono-pcm',
  'raw-24khz-16bit-mono-pcm',
  'raw-24khz-16bit-mono-truesilk',
  'raw-44100hz-16bit-mono-pcm',
  'raw-48khz-16bit-mono-pcm',
  'webm-16khz-16bit-mono-opus',
  'webm-24khz-16bit-24kbps-mono-opus',
  'webm-24khz-16bit-mono-opus',
  'riff-8khz-8bit-mono-alaw',
  'riff-8khz-8bit-mono-mulaw',
  'riff-8khz-16bit-mono-pcm',
  'riff-16khz-16bit-mono-pcm',
  'riff-22050hz-16bit-mono-pcm',
  'riff-24khz-16bit-mono-pcm',
  'riff-44100hz-16bit-mono-pcm',
  'riff-48khz-16bit-mono-pcm',
]);
const PRODUCED_FORMATS = new Set(['riff-16khz-16bit-mono-pcm', 'raw-16khz-16bit-mono-pcm']);
const MAX_SSML_BYTES = 64 * 1024;

const ISSUE_TOKEN_DENIED = {
  error: {
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  },
};

export interface SpeechDependencies {
  speech: EmulatedSpeech;
  tokens: AccessTokens;
  log?: (line: string) => void;
}

export function speechRouter(deps: SpeechDependencies): Router {
  const { speech } = deps;
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: '1mb' }));

  /** Applies a queued fault: true when it answered the request. */
  const fault = async (operation: SpeechOperation, res: Response): Promise<boolean> => {
    const queued: SpeechFault | undefined = speech.takeFault(operation);
    if (!queued) return false;
    if ('delayMs' in queued) {
      await new Promise((resolve) => setTimeout(resolve, queued.delayMs));
      return res.writableEnded || res.destroyed;
    }
    if (queued.retryAfter !== undefined) res.set('Retry-After', queued.retryAfter);
    res
      .status(queued.status)
      .type('text/plain')
      .send(queued.body ?? '');
    speech.record({ operation, status: queued.status });
    deps.log?.(`speech ${operation}: injected ${queued.status}`);
    return true;
  };

  /** Which authorization the request carries, or undefined when it has none that is valid. */
  const authorization = async (req: Request): Promise<'key' | 'token' | 'entra' | undefined> => {
    const key = req.get('Ocp-Apim-Subscription-Key');
    if (key !== undefined) return speech.hasKey(key) ? 'key' : undefined;
    const bearer = /^Bearer (\S+)$/i.exec(req.get('Authorization') ?? '')?.[1];
    if (!bearer) return undefined;
    const entra = /^aad#([^#]+)#(.+)$/.exec(bearer);
    if (!entra) return (await speech.tokenIsValid(bearer)) ? 'token' : undefined;
    if (entra[1].toLowerCase() !== speech.resourceId.toLowerCase()) return undefined;
    try {
      await deps.tokens.verify(entra[2], COGNITIVE_SERVICES_AUDIENCES);
      return 'entra';
    } catch {
      return undefined;
    }
  };

  router.post('/sts/v1.0/issueToken', async (req, res) => {
    if (await fault('issueToken', res)) return;
    const key = req.get('Ocp-Apim-Subscription-Key');
    if (!speech.hasKey(key)) {
      speech.record({ operation: 'issueToken', status: 401 });
      return void res.status(401).json(ISSUE_TOKEN_DENIED);
    }
    speech.record({ operation: 'issueToken', status: 200, auth: 'key' });
    res.type('text/plain').send(await speech.issueToken(key!));
  });

  router.get('/cognitiveservices/voices/list', async (req, res) => {
    if (await fault('voices', res)) return;
    const auth = await authorization(req);
    speech.record({ operation: 'voices', status: auth ? 200 : 401, auth });
    if (!auth) return void res.status(401).end();
    res.json(EMULATED_VOICES);
  });

  router.post('/cognitiveservices/v1', async (req, res) => {
    if (await fault('synthesize', res)) return;
    const auth = await authorization(req);
    const outputFormat = req.get('X-Microsoft-OutputFormat');
    const userAgent = req.get('User-Agent');
    const contentType = req.get('Content-Type');
    const seen = { operation: 'synthesize' as const, auth, userAgent, outputFormat, contentType };
    const refuse = (status: number, message: string, headers: Record<string, string> = {}) => {
      speech.record({ ...seen, status });
      deps.log?.(`speech synthesize: ${status} ${message}`);
      res.status(status).set(headers).type('text/plain').send(message);
    };
    if (!auth) {
      speech.record({ ...seen, status: 401 });
      return void res.status(401).end();
    }
    const wait = speech.overRate();
    if (wait !== undefined)
      return refuse(429, `Too many requests: at most ${speech.rate.requests} per ${speech.rate.windowMs} ms.`, {
        'Retry-After': String(Math.ceil(wait / 1000)),
      });
    if (!contentType || contentType.split(';')[0].trim().toLowerCase() !== 'application/ssml+xml')
      return refuse(415, `Content-Type '${contentType ?? ''}' is not application/ssml+xml.`);
    if (!outputFormat) return refuse(400, 'The X-Microsoft-OutputFormat header is missing.');
    if (!DOCUMENTED_FORMATS.has(outputFormat.toLowerCase())) return refuse(400, `'${outputFormat}' is not an audio output format.`);
    if (!PRODUCED_FORMATS.has(outputFormat.toLowerCase()))
      return refuse(400, `The emulator produces only ${[...PRODUCED_FORMATS].join(' and ')}, not '${outputFormat}'.`);
    if (!userAgent) return refuse(400, 'The User-Agent header is missing: send the application name.');
    if (userAgent.length >= 255) return refuse(400, 'The User-Agent header is too long: use fewer than 255 characters.');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (body.length > MAX_SSML_BYTES) return refuse(400, `The SSML is ${body.length} bytes; at most ${MAX_SSML_BYTES} are accepted.`);
    const ssml = body.toString('utf8');
    let read: ReturnType<typeof readSsml>;
    try {
      read = readSsml(ssml);
    } catch (error) {
      speech.record({ ...seen, status: 400, ssml });
      deps.log?.(`speech synthesize: 400 ${(error as Error).message}`);
      return void res
        .status(400)
        .type('text/plain')
        .send(`The SSML is not valid: ${(error as Error).message}.`);
    }
    const samples = toneSamples(read.spoken, speech.msPerCharacter);
    const durationMs = Math.round(samples.length / 16);
    speech.record({ ...seen, status: 200, ssml, text: read.text, voices: read.voices, durationMs });
    deps.log?.(`speech synthesize: ${read.voices.join(', ')} ${durationMs} ms`);
    if (outputFormat.toLowerCase().startsWith('raw-')) return void res.type('audio/basic').send(riffWav(samples).subarray(44));
    res.type('audio/x-wav').send(riffWav(samples));
  });
  return router;
}

/** `PUT /faults {faults: SpeechFault[]}` (appended), `PUT /rate {requests, windowMs}`, `GET /requests`, `DELETE /requests`. */
export function speechAdminRouter(speech: EmulatedSpeech): Router {
  const router = express.Router();
  router.use(express.json());
  router.put('/faults', (req, res) => {
    const faults = (req.body as { faults?: unknown } | undefined)?.faults;
    const valid = (f: unknown): f is SpeechFault =>
      typeof f === 'object' &&
      f !== null &&
      (typeof (f as { status?: unknown }).status === 'number' || typeof (f as { delayMs?: unknown }).delayMs === 'number');
    if (!Array.isArray(faults) || !faults.every(valid))
      return void res
        .status(400)
        .json({ error: { code: 'badRequest', message: 'send {"faults": [{"status": 429, "retryAfter": "1"} | {"delayMs": 5000}, …]}' } });
    speech.faults.push(...faults);
    res.status(204).end();
  });
  router.put('/rate', (req, res) => {
    const { requests, windowMs } = (req.body ?? {}) as { requests?: unknown; windowMs?: unknown };
    if (!Number.isInteger(requests) || !Number.isInteger(windowMs) || (requests as number) < 1 || (windowMs as number) < 1)
      return void res.status(400).json({ error: { code: 'badRequest', message: 'send {"requests": <whole number>, "windowMs": <whole number>}' } });
    speech.rate = { requests: requests as number, windowMs: windowMs as number };
    res.status(204).end();
  });
  router.get('/requests', (_req, res) => void res.json(speech.requests));
  router.delete('/requests', (_req, res) => {
    speech.requests.length = 0;
    res.status(204).end();
  });
  return router;
}
