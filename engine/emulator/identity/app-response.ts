/**
 * Delivering the outcome of a sign-in to the app's redirect URI by the request's `response_mode`
 * ("OAuth 2.0 authorization code flow"): `query` (the default for a code: a 302 whose Location has
 * the parameters in its query string), `fragment` (the same in the fragment), or `form_post` (a page
 * that POSTs them). A success carries `code`, `client_info` (when asked for), `state` and
 * `session_state`, in the order Entra ID sends them; a failure `error`, `error_description`,
 * `error_uri` and `state`.
 */
import type { Response } from 'express';
import { aadDiagnostics, type AadError } from './aad-errors.ts';
import { sendFormPost } from './notice-pages.ts';

/** Where and how the app wants its answer. */
export interface AppTarget {
  redirectUri: string;
  responseMode: 'query' | 'fragment' | 'form_post';
  state?: string;
}

/** Sends `params` (in order, empty values left out) to the app. */
export function sendToApp(res: Response, target: AppTarget, params: Array<[string, string | undefined]>): void {
  const fields = params.filter((p): p is [string, string] => p[1] !== undefined);
  res.set('Cache-Control', 'no-store, no-cache');
  if (target.responseMode === 'form_post') return sendFormPost(res, target.redirectUri, fields);
  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') url.hash = new URLSearchParams(fields).toString();
  else for (const [name, value] of fields) url.searchParams.append(name, value);
  res.redirect(302, url.href);
}

/** Sends a failure to the app. */
export function sendErrorToApp(res: Response, target: AppTarget, failure: AadError): void {
  const d = aadDiagnostics(failure);
  sendToApp(res, target, [
    ['error', failure.error],
    ['error_description', d.description],
    ['error_uri', d.errorUri],
    ['state', target.state],
  ]);
}
