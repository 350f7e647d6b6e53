/**
 * Checks the bearer token Graph puts on every notification POST (graph-calls.md §4.2), before the
 * body is read: RS256-family signature by a key from the OpenID document's `jwks_uri`
 * (CALLFLOW_NOTIFICATION_OPENID_URL), issuer `https://api.botframework.com` or
 * `https://graph.microsoft.com`, audience = our app id, a `tid` claim, and the usual lifetime.
 * The OpenID document is re-read every two hours, as the Graph samples do; keys are cached by
 * jose's remote key set, which refetches on an unknown `kid` (a rotation) with a cool-down.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** The longest lifetime accepted for a notification token. */
const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export const NOTIFICATION_ISSUERS = ['https://api.botframework.com', 'https://graph.microsoft.com'];
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const OPENID_REFRESH_MS = 2 * 60 * 60_000;
const FETCH_TIMEOUT_MS = 5000;
/**
 * Tokens already verified, until they expire. Graph puts the same token on many notifications, and
 * an RS256 check was a few percent of the engine's CPU per notification; the same bytes carry the
 * same signature, so a token seen before needs only its expiry checked again.
 */
const VERIFIED_TOKENS_KEPT = 256;

export interface VerifiedNotificationToken {
  tenantId: string;
  issuer: string;
  claims: JWTPayload;
}

/** Why a token was refused: 401 (not authentic, expired, unreadable), 403 (authentic but not for us), 503 (keys unavailable). */
export class NotificationTokenError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationTokenError';
  }
}

export interface NotificationTokenOptions {
  openIdUrl: string;
  /** The bot's app id. */
  audience: string;
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  clockToleranceSeconds?: number;
  now?: () => number;
}

export class NotificationTokenVerifier {
  private openId?: { jwksUri: string; readAt: number };
  private keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  private readonly verified = new Map<string, VerifiedNotificationToken>();
  private readonly now: () => number;

  constructor(private readonly options: NotificationTokenOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Verifies `Authorization: Bearer <jwt>`; throws NotificationTokenError. */
  async verify(authorization: string | undefined): Promise<VerifiedNotificationToken> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw new NotificationTokenError(401, 'no bearer token');
    const known = this.verified.get(token);
    const toleranceMs = (this.options.clockToleranceSeconds ?? 300) * 1000;
    if (known && Number(known.claims.exp) * 1000 + toleranceMs > this.now()) return known;
    this.verified.delete(token);
    const keys = await this.keySet();
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: NOTIFICATION_ISSUERS,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'tid'],
        clockTolerance: this.options.clockToleranceSeconds ?? 300,
        currentDate: new Date(this.now()),
      });
      if (typeof payload.tid !== 'string' || !payload.tid) throw new NotificationTokenError(403, 'the token has no tenant (tid)');
      // Graph's notification tokens live about an hour (documented example: 65 min); a signed token that
      // claims years is refused, so a leaked one cannot be replayed for long.
      const issuedAt = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : this.now() / 1000;
      if (Number(payload.exp) - issuedAt > MAX_TOKEN_LIFETIME_SECONDS || Number(payload.exp) * 1000 - this.now() > MAX_TOKEN_LIFETIME_SECONDS * 1000)
        throw new NotificationTokenError(401, `the token is valid for more than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h`);
      const result = { tenantId: payload.tid, issuer: String(payload.iss), claims: payload };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, result);
      return result;
    } catch (error) {
      throw classify(error);
    }
  }

  private async keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (!this.openId || this.now() - this.openId.readAt > OPENID_REFRESH_MS) {
      try {
        this.openId = { jwksUri: await this.readJwksUri(), readAt: this.now() };
      } catch (error) {
        // Keep using the last document when a refresh fails; without one nothing can be verified.
        if (!this.openId) throw new NotificationTokenError(503, `cannot read the OpenID document ${this.options.openIdUrl}: ${(error as Error).message}`);
      }
    }
    const uri = this.openId!.jwksUri;
    let keys = this.keySets.get(uri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(uri), { timeoutDuration: FETCH_TIMEOUT_MS, cacheMaxAge: OPENID_REFRESH_MS });
      this.keySets.set(uri, keys);
    }
    return keys;
  }

  private async readJwksUri(): Promise<string> {
    const response = await fetch(this.options.openIdUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error('it has no jwks_uri');
    const uri = new URL(document.jwks_uri, this.options.openIdUrl);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(uri.hostname);
    if (uri.protocol !== 'https:' && !loopback) throw new Error(`jwks_uri ${uri} is not https`);
    return uri.toString();
  }
}

function classify(error: unknown): NotificationTokenError {
  if (error instanceof NotificationTokenError) return error;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud' || error.claim === 'tid')
      return new NotificationTokenError(403, `the token is not for this bot (${error.claim}: ${error.message})`);
    return new NotificationTokenError(401, `token claim ${error.claim} rejected: ${error.message}`);
  }
  if (error instanceof errors.JWTExpired) return new NotificationTokenError(401, 'the token has expired');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
    return new NotificationTokenError(503, `signing keys unavailable: ${error.message}`);
  }
  if (error instanceof errors.JOSEError) return new NotificationTokenError(401, `invalid token: ${error.message}`);
  // Anything else failed around the token (the key set could not be fetched), not the token itself.
  return new NotificationTokenError(503, `cannot verify tokens now: ${error instanceof Error ? error.message : String(error)}`);
}
