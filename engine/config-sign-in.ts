/**
 * Sign-in settings: the Entra ID app registration people sign in with (OpenID Connect, the
 * authorization code flow with PKCE). By default the calling bot's own registration (AZURE_*); a
 * separate one with CALLFLOW_SIGNIN_CLIENT_ID / _CLIENT_SECRET / _TENANT_ID, which an IT department
 * often prefers so the bot's Graph permissions and the editor's users are managed apart.
 * CALLFLOW_SIGNIN=off turns sign-in off (then only the admin token, or local trust, let anyone in).
 */
import type { AzureCredentials } from './config.ts';

export interface SignInSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** msal authority host (no trailing slash). */
  authorityHost: string;
  /** Where Entra sends the browser back: registered as a Web redirect URI of the app. */
  redirectUri: string;
}

type Text = (name: string) => string | undefined;

const SIGNIN_VARIABLES = ['CALLFLOW_SIGNIN_CLIENT_ID', 'CALLFLOW_SIGNIN_CLIENT_SECRET'] as const;

/** The sign-in settings the variables give, or undefined when nobody can sign in; problems are collected. */
export function parseSignIn(
  text: Text,
  azure: AzureCredentials | undefined,
  authorityHost: string,
  publicUrl: string,
  problems: string[],
): SignInSettings | undefined {
  const mode = text('CALLFLOW_SIGNIN') ?? 'auto';
  if (!['auto', 'on', 'off'].includes(mode)) problems.push(`CALLFLOW_SIGNIN: '${mode}' is not one of auto, on, off`);
  if (mode === 'off') return undefined;
  const [clientId, clientSecret] = SIGNIN_VARIABLES.map(text);
  if (Boolean(clientId) !== Boolean(clientSecret))
    problems.push(`${clientId ? 'CALLFLOW_SIGNIN_CLIENT_SECRET' : 'CALLFLOW_SIGNIN_CLIENT_ID'}: missing — set both sign-in variables or neither`);
  const tenantId = text('CALLFLOW_SIGNIN_TENANT_ID') ?? azure?.tenantId;
  const redirectUri = (text('CALLFLOW_SIGNIN_REDIRECT_URI') ?? `${publicUrl}/auth/callback`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+\/.*auth\/callback$/.test(redirectUri))
    problems.push(`CALLFLOW_SIGNIN_REDIRECT_URI: '${redirectUri}' must be an http(s) URL ending in /auth/callback`);
  if (clientId && clientSecret) {
    if (!tenantId) problems.push('CALLFLOW_SIGNIN_TENANT_ID: missing — the tenant people sign in to (or set AZURE_TENANT_ID)');
    return tenantId ? { tenantId, clientId, clientSecret, authorityHost, redirectUri } : undefined;
  }
  // The bot's registration signs people in only with its secret: with a certificate alone, set the CALLFLOW_SIGNIN variables.
  if (azure?.clientSecret) return { tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret, authorityHost, redirectUri };
  if (mode === 'on') problems.push('CALLFLOW_SIGNIN: on, but no app registration is set (AZURE_* or CALLFLOW_SIGNIN_CLIENT_ID and _CLIENT_SECRET)');
  return undefined;
}
