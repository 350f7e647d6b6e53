/**
 * How requests to Azure AI Speech are authorized. Source: learn.microsoft.com, Azure AI Speech,
 * "Text to speech REST API", section "Authentication" (the include
 * cognitive-services-speech-service-rest-auth.md):
 * - `key`: the resource key in `Ocp-Apim-Subscription-Key` on every request.
 * - `token`: the key is exchanged at `issueToken` ("POST /sts/v1.0/issueToken" with
 *   `Ocp-Apim-Subscription-Key`, an empty body; the response body is the token, a JWT) for "an
 *   access token that's valid for 10 minutes", sent as `Authorization: Bearer <token>`; "we recommend
 *   using the same token for nine minutes", so it is kept nine minutes. The regional endpoint is
 *   `https://<region>.api.cognitive.microsoft.com/sts/v1.0/issueToken`.
 * - `entra`: a Microsoft Entra token for the Cognitive Services resource
 *   (`https://cognitiveservices.azure.com/.default`), sent as `Authorization: Bearer
 *   aad#<resource id>#<token>` ("Use Microsoft Entra authentication": "You need to include the
 *   "aad#" prefix and the "#" (hash) separator between resource ID and the access token").
 *
 * Keys and tokens never leave this module except in the request headers: errors name the status
 * and, for Entra, only the AADSTS code.
 */
import type { TokenCredential } from '@azure/identity';
import { SynthesisError } from '../synthesizer.ts';

export type SpeechCredentials =
  { kind: 'key'; key: string } | { kind: 'token'; key: string; issueTokenUrl: string } | { kind: 'entra'; resourceId: string; credential: TokenCredential };

/** The scope of Entra tokens for Azure AI services. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';
/** Tokens from issueToken live 10 minutes; the docs recommend reusing one for nine. */
const ISSUED_TOKEN_REUSE_MS = 9 * 60_000;

export class SpeechAuthorizer {
  private issued?: { token: string; until: number };
  private issuing?: Promise<string>;

  constructor(
    private readonly credentials: SpeechCredentials,
    private readonly options: { userAgent: string; timeoutMs: number; now?: () => number },
  ) {}

  /** `key`, `token` or `entra`, for messages. */
  get kind(): SpeechCredentials['kind'] {
    return this.credentials.kind;
  }

  /** The authorization header of the next request; `signal` ends the wait for a token. */
  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const c = this.credentials;
    if (c.kind === 'key') return { 'Ocp-Apim-Subscription-Key': c.key };
    if (c.kind === 'token') return { Authorization: `Bearer ${await this.issuedToken(c.key, c.issueTokenUrl, signal)}` };
    return { Authorization: `Bearer aad#${c.resourceId}#${await this.entraToken(c.credential, signal)}` };
  }

  /** Forgets a token the service refused (401), so the next request gets a fresh one. */
  forget(): void {
    this.issued = undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * The current token, or one being issued. The request for it is shared by every caller and bound
   * only by its own deadline, so one caller giving up does not fail the others; each caller stops
   * waiting when its own signal aborts.
   */
  private async issuedToken(key: string, url: string, signal?: AbortSignal): Promise<string> {
    if (this.issued && this.issued.until > this.now()) return this.issued.token;
    this.issuing ??= this.issue(key, url).finally(() => (this.issuing = undefined));
    if (!signal) return this.issuing;
    if (signal.aborted) throw new SynthesisError('no token for Azure Speech in time', 'timeout');
    let stop = () => undefined as void;
    const aborted = new Promise<never>((_, reject) => {
      stop = () => reject(new SynthesisError('no token for Azure Speech in time', 'timeout'));
      signal.addEventListener('abort', stop, { once: true });
    });
    try {
      return await Promise.race([this.issuing, aborted]);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  private async issue(key: string, url: string): Promise<string> {
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Ocp-Apim-Subscription-Key': key, 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': this.options.userAgent },
        body: '',
        signal: deadline,
      });
    } catch {
      const timedOut = deadline.aborted;
      throw new SynthesisError(`Azure Speech issueToken ${timedOut ? 'did not answer in time' : 'could not be reached'}`, timedOut ? 'timeout' : 'unavailable');
    }
    const body = await response.text();
    if (response.status === 401 || response.status === 403)
      throw new SynthesisError(`Azure Speech issueToken refused the key (${response.status})`, 'unauthorized');
    if (response.status === 429) throw new SynthesisError('Azure Speech issueToken answered 429 (too many requests)', 'throttled');
    if (!response.ok || !body.trim()) throw new SynthesisError(`Azure Speech issueToken answered ${response.status}`, 'unavailable');
    this.issued = { token: body.trim(), until: this.now() + ISSUED_TOKEN_REUSE_MS };
    return this.issued.token;
  }

  private async entraToken(credential: TokenCredential, signal?: AbortSignal): Promise<string> {
    try {
      const token = await credential.getToken(COGNITIVE_SERVICES_SCOPE, { abortSignal: signal });
      if (!token?.token) throw new Error('no token');
      return token.token;
    } catch (error) {
      if (signal?.aborted) throw new SynthesisError('no Microsoft Entra token for Azure Speech in time', 'timeout');
      // Only the AADSTS code leaves: the identity library's message may quote the request.
      const aad = /AADSTS\d+/.exec((error as Error).message ?? '')?.[0];
      throw new SynthesisError(`no Microsoft Entra token for Azure Speech: ${(error as Error).name}${aad ? ` ${aad}` : ''}`, 'unauthorized');
    }
  }
}
