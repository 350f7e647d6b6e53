/**
 * Signing a person in with Entra ID through msal-node: the OpenID Connect authorization code flow
 * with PKCE (S256), a state that binds the answer to the browser that asked, and a nonce that binds
 * the id_token to this sign-in. msal-node checks state and nonce; the id_token comes straight from
 * the token endpoint over TLS, so it is not verified again (OpenID Connect Core §3.1.3.7).
 *
 * What the browser must carry between the two legs (state, nonce, PKCE verifier, where to return)
 * travels in a short-lived httpOnly cookie, so any engine of a cluster can finish the sign-in.
 */
import { randomBytes } from 'node:crypto';
import { ConfidentialClientApplication, CryptoProvider, LogLevel } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { SignInSettings } from '../../../config-sign-in.ts';
import { msalAuthority } from '../../../graph/auth/msal-authority.ts';

/** What the browser keeps while it is away at Entra (JSON in the pending cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** The signed-in person, from the id_token. */
export interface SignedInPerson {
  name: string;
  oid: string;
  roles: string[];
}

/** Entra refused, the person cancelled, or the answer does not belong to this browser's sign-in. */
export class SignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SCOPES = ['openid', 'profile'];

export class EntraSignIn {
  private readonly msal: ConfidentialClientApplication;
  private readonly crypto = new CryptoProvider();

  constructor(
    readonly settings: SignInSettings,
    logger?: Logger,
  ) {
    this.msal = new ConfidentialClientApplication({
      auth: { clientId: settings.clientId, clientSecret: settings.clientSecret, ...msalAuthority(settings.authorityHost, settings.tenantId) },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message) => (level <= LogLevel.Error ? logger?.error({ msal: message }, 'msal') : logger?.warn({ msal: message }, 'msal')),
        },
      },
    });
  }

  /** The Entra URL to send the browser to, and what it must bring back. */
  async begin(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const { verifier, challenge } = await this.crypto.generatePkceCodes();
    const pending: PendingSignIn = { state: token(), nonce: token(), verifier, returnTo };
    const url = await this.msal.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: this.settings.redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      responseMode: 'query',
      prompt: 'select_account',
    });
    return { url, pending };
  }

  /** Redeems the code Entra sent back for the person's id_token claims. */
  async finish(query: Record<string, unknown>, pending: PendingSignIn | undefined): Promise<SignedInPerson> {
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    if (!pending) throw new SignInError('noPendingSignIn', 'this browser did not start a sign-in here (or took longer than 10 minutes): sign in again');
    if (text('state') !== pending.state) throw new SignInError('stateMismatch', 'the answer from Entra ID does not belong to this sign-in: sign in again');
    const error = text('error');
    if (error) throw new SignInError(error, text('error_description')?.split('\n')[0] ?? error);
    const code = text('code');
    if (!code) throw new SignInError('noCode', 'Entra ID sent no authorization code');
    const result = await this.msal
      .acquireTokenByCode(
        { code, scopes: SCOPES, redirectUri: this.settings.redirectUri, codeVerifier: pending.verifier, state: pending.state, nonce: pending.nonce },
        { code, state: text('state') },
      )
      .catch((failure: Error & { errorCode?: string }) => {
        throw new SignInError(failure.errorCode ?? 'tokenRefused', failure.message.split('\n')[0]);
      });
    // Nothing of the person's tokens is kept: the session holds their name and roles only.
    if (result.account) await this.msal.getTokenCache().removeAccount(result.account);
    const claims = result.idTokenClaims as { name?: string; preferred_username?: string; oid?: string; sub?: string; roles?: unknown };
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
    const oid = claims.oid ?? claims.sub;
    if (!oid) throw new SignInError('noObjectId', 'the id_token names nobody (no oid or sub claim)');
    return { name: claims.name ?? claims.preferred_username ?? oid, oid, roles };
  }

  /** Where to send the browser to end its Entra session too, returning to `back`. */
  logoutUrl(back: string): string {
    const { authority } = msalAuthority(this.settings.authorityHost, this.settings.tenantId);
    return `${authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(back)}`;
  }
}

function token(): string {
  return randomBytes(24).toString('base64url');
}
