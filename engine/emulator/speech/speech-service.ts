/**
 * The Speech stand-in's state: the resource's keys and id, the tokens issueToken handed out, the
 * rate limit, queued faults and the requests received (for tests and `/emulator/speech/requests`).
 *
 * Sources: learn.microsoft.com, Azure AI Speech, "Text to speech REST API" ("Authentication": a key
 * is exchanged for "an access token that's valid for 10 minutes", "in JSON Web Token (JWT)
 * format"), and "Speech service quotas and limits" (real-time text to speech: 20 transactions per
 * 60 seconds on F0, 200 per second by default on S0; a 429 when exceeded). The token's claims follow
 * one seen from the real service (decoded in a gist of Thesharing on the Speech REST API's 403 and
 * 408 errors: `scope`, `subscription-id`, `product-id`, `azure-resource-id`, `iss` `urn:ms.cognitiveservices`, `aud`
 * `urn:ms.speech`, `exp`); the service documents none of them, so nothing but the signature, `aud`
 * and `exp` is checked.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export interface SpeechSettings {
  /** Resource keys accepted (`Ocp-Apim-Subscription-Key`); default one derived from the first app's secret, stable across restarts. */
  keys?: string[];
  /** The resource id Entra tokens are presented with (`aad#<id>#<token>`). */
  resourceId?: string;
  /** Synthesis requests allowed per window (default 200 per second, S0's default). */
  rate?: { requests: number; windowMs: number };
  /** Lifetime of issueToken's tokens (default 600 s). */
  tokenLifetimeSeconds?: number;
  /** Length of one character of "speech" (default 60 ms). */
  msPerCharacter?: number;
}

/** A fault the next matching request answers with instead of the normal answer. */
export type SpeechFault =
  | { on?: SpeechOperation; status: number; retryAfter?: string; body?: string }
  /** Waits this long before answering normally (a slow service, for timeouts). */
  | { on?: SpeechOperation; delayMs: number };

export type SpeechOperation = 'synthesize' | 'voices' | 'issueToken';

/** What the stand-in received, without keys or tokens. */
export interface SpeechRequestRecord {
  operation: SpeechOperation;
  status: number;
  auth?: 'key' | 'token' | 'entra';
  userAgent?: string;
  outputFormat?: string;
  contentType?: string;
  ssml?: string;
  /** The words the SSML holds, whitespace collapsed. */
  text?: string;
  voices?: string[];
  durationMs?: number;
}

export class EmulatedSpeech {
  readonly keys: string[];
  readonly resourceId: string;
  private limit: { requests: number; windowMs: number };
  readonly tokenLifetimeSeconds: number;
  readonly msPerCharacter: number;
  readonly faults: SpeechFault[] = [];
  readonly requests: SpeechRequestRecord[] = [];
  private readonly tokenSecret = randomBytes(32);
  private recent: number[] = [];

  constructor(settings: SpeechSettings, firstAppSecret: string, tenantId: string) {
    this.keys = settings.keys ?? [createHmac('sha256', firstAppSecret).update('azure-speech-key').digest('hex').slice(0, 32)];
    this.resourceId =
      settings.resourceId ?? `/subscriptions/${tenantId}/resourceGroups/callflow-emulator/providers/Microsoft.CognitiveServices/accounts/callflow-speech`;
    this.limit = settings.rate ?? { requests: 200, windowMs: 1000 };
    this.tokenLifetimeSeconds = settings.tokenLifetimeSeconds ?? 600;
    this.msPerCharacter = settings.msPerCharacter ?? 60;
  }

  get rate(): { requests: number; windowMs: number } {
    return this.limit;
  }

  /** A new rate; the requests counted so far are forgotten. */
  set rate(rate: { requests: number; windowMs: number }) {
    this.limit = rate;
    this.recent = [];
  }

  hasKey(key: string | undefined): boolean {
    return key !== undefined && this.keys.includes(key);
  }

  /** A token for issueToken's answer. */
  issueToken(key: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'subscription-id': createHmac('sha256', key).update('subscription').digest('hex').slice(0, 32),
      'product-id': 'SpeechServices.S0',
      'azure-resource-id': this.resourceId,
      scope: 'speechservices',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('urn:ms.cognitiveservices')
      .setAudience('urn:ms.speech')
      .setExpirationTime(now + this.tokenLifetimeSeconds)
      .sign(this.tokenSecret);
  }

  /** Whether `token` is one of ours and still valid. */
  async tokenIsValid(token: string): Promise<boolean> {
    try {
      await jwtVerify(token, this.tokenSecret, { audience: 'urn:ms.speech', issuer: 'urn:ms.cognitiveservices', clockTolerance: 0 });
      return true;
    } catch {
      return false;
    }
  }

  /** Counts a synthesis request; the milliseconds until one is allowed again when over the rate. */
  overRate(now = Date.now()): number | undefined {
    this.recent = this.recent.filter((at) => at > now - this.limit.windowMs);
    if (this.recent.length >= this.limit.requests) return this.recent[0] + this.limit.windowMs - now;
    this.recent.push(now);
    return undefined;
  }

  /** The next queued fault for `operation`, removed from the queue. */
  takeFault(operation: SpeechOperation): SpeechFault | undefined {
    const index = this.faults.findIndex((fault) => (fault.on ?? 'synthesize') === operation);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  record(entry: SpeechRequestRecord): void {
    this.requests.push(entry);
    if (this.requests.length > 200) this.requests.shift();
  }
}
