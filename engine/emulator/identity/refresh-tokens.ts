/**
 * Refresh tokens, "only provided if offline_access scope was requested" ("OAuth 2.0 authorization
 * code flow"). Like Entra ID's they are opaque, not revoked when used ("you're expected to discard
 * the old refresh token"), and valid for the app, tenant and user they were issued to. The emulator
 * gives them no lifetime (Entra's web-app refresh tokens "don't have specified lifetimes").
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorApp } from '../options.ts';
import { aadErrors, type AadError } from './aad-errors.ts';
import type { EmulatorUser } from './users.ts';

/** What a refresh token stands for. */
export interface RefreshGrant {
  app: EmulatorApp;
  user: EmulatorUser;
  /** The scopes consented to in the sign-in (the refresh request may ask for these or fewer). */
  scopes: string[];
  sessionId: string;
}

export class RefreshTokens {
  private readonly tokens = new Map<string, RefreshGrant>();

  issue(grant: RefreshGrant): string {
    const token = `1.${randomBytes(64).toString('base64url')}`;
    this.tokens.set(token, grant);
    return token;
  }

  /** The grant behind `token` if `app` in `tenant` may use it; AADSTS9002313 otherwise. */
  redeem(token: string, app: EmulatorApp, tenant: string): RefreshGrant | AadError {
    const grant = this.tokens.get(token);
    if (!grant || grant.app.appId !== app.appId || grant.app.tenantId.toLowerCase() !== tenant.toLowerCase()) return aadErrors.malformedGrant();
    return grant;
  }
}
