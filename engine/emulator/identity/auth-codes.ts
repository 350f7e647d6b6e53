/**
 * Authorization codes: what a sign-in granted, waiting to be redeemed at the token endpoint. A code
 * is single use (a second redemption: AADSTS54005), short-lived (about 10 minutes, "OAuth 2.0
 * authorization code flow"; then AADSTS70008), bound to the tenant (AADSTS700005), the app
 * (AADSTS70000) and the redirect URI (AADSTS500112) it was issued for, and to its PKCE challenge
 * (AADSTS501481) when the request had one. Codes are opaque; they are never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorApp } from '../options.ts';
import { aadErrors, type AadError } from './aad-errors.ts';
import type { EmulatorUser } from './users.ts';

/** An authorization request the emulator accepted. */
export interface AuthorizationRequest {
  app: EmulatorApp;
  redirectUri: string;
  scopes: string[];
  responseMode: 'query' | 'fragment' | 'form_post';
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'plain' | 'S256';
  /** `client_info=1`: the response carries client_info (msal always asks). */
  clientInfo: boolean;
  loginHint?: string;
  prompt?: string;
}

/** What a redeemed code grants. */
export interface CodeGrant {
  request: AuthorizationRequest;
  user: EmulatorUser;
  /** The sign-in session (the ID token's `sid`, the redirect's `session_state`). */
  sessionId: string;
}

interface StoredCode extends CodeGrant {
  expiresAt: number;
  redeemed: boolean;
}

/** What the token endpoint presents with a code. */
export interface Redemption {
  code: string;
  tenant: string;
  app: EmulatorApp;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

const CODE_FORMAT = /^0\.[A-Za-z0-9_-]{40,}$/;

/** "The same redirect_uri value that was used to acquire the authorization_code" (up to URL normalization). */
function sameUri(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** The PKCE check of RFC 7636 §4.6 for both documented methods. */
export function verifierMatches(challenge: string, method: 'plain' | 'S256', verifier: string): boolean {
  const expected = Buffer.from(method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier);
  const actual = Buffer.from(challenge);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The codes issued and not yet forgotten. */
export class AuthCodes {
  private readonly codes = new Map<string, StoredCode>();

  /** @param lifetimeMs real milliseconds a code stays redeemable */
  constructor(private readonly lifetimeMs: number) {}

  /** A fresh code for `grant`. */
  issue(grant: CodeGrant): string {
    this.forgetOld();
    const code = `0.${randomBytes(48).toString('base64url')}`;
    this.codes.set(code, { ...grant, expiresAt: Date.now() + this.lifetimeMs, redeemed: false });
    return code;
  }

  /** The grant of a code the request may redeem (then spent), or the AAD error saying why not. */
  redeem(r: Redemption): CodeGrant | AadError {
    if (!CODE_FORMAT.test(r.code)) return aadErrors.malformedGrant();
    const stored = this.codes.get(r.code);
    if (!stored) return aadErrors.invalidCode();
    if (stored.request.app.tenantId.toLowerCase() !== r.tenant.toLowerCase()) return aadErrors.codeForOtherTenant();
    if (stored.request.app.appId !== r.app.appId) return aadErrors.invalidCode();
    if (stored.redeemed) return aadErrors.codeRedeemed();
    if (Date.now() >= stored.expiresAt) return aadErrors.codeExpired();
    if (!r.redirectUri) return aadErrors.missingParameter('redirect_uri');
    if (!sameUri(stored.request.redirectUri, r.redirectUri)) return aadErrors.replyAddressMismatch(r.redirectUri, stored.request.redirectUri);
    const { codeChallenge, codeChallengeMethod } = stored.request;
    if (codeChallenge && !(r.codeVerifier && verifierMatches(codeChallenge, codeChallengeMethod ?? 'plain', r.codeVerifier)))
      return aadErrors.codeVerifierMismatch();
    stored.redeemed = true;
    return { request: stored.request, user: stored.user, sessionId: stored.sessionId };
  }

  /** Drops codes long expired (a redeemed code is kept until then, so reuse says AADSTS54005). */
  private forgetOld(): void {
    const now = Date.now();
    for (const [code, stored] of this.codes) if (now > stored.expiresAt + this.lifetimeMs + 60_000) this.codes.delete(code);
  }
}
