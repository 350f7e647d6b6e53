/**
 * The other pages of the sign-in endpoints: the error page Entra ID shows instead of redirecting
 * when the redirect URI cannot be trusted ("Sorry, but we're having trouble signing you in." with
 * the AADSTS message, request and correlation ids), the page of a sign-out without a valid
 * `post_logout_redirect_uri` ("the user is shown a generic message", OpenID Connect on the Microsoft
 * identity platform), and the self-submitting form of `response_mode=form_post`.
 */
import type { Response } from 'express';
import { aadDiagnostics, type AadError } from './aad-errors.ts';
import { escapeHtml, scriptHash, sendPage } from './html.ts';

/** The error page of a failure that must not be redirected. */
export function sendErrorPage(res: Response, failure: AadError): void {
  const d = aadDiagnostics(failure);
  sendPage(
    res,
    failure.status,
    'Sign in to your account',
    `<h1>Sign in</h1>
<p class="sub">Sorry, but we're having trouble signing you in.</p>
<p class="alert" role="alert">AADSTS${failure.code}: ${escapeHtml(failure.description)}</p>
<p class="details">Request Id: ${escapeHtml(d.traceId)}<br>Correlation Id: ${escapeHtml(d.correlationId)}<br>Timestamp: ${escapeHtml(d.timestamp.replace(' ', 'T'))}<br>Message: AADSTS${failure.code}: ${escapeHtml(failure.description)}</p>`,
  );
}

/** The generic page after signing out. */
export function sendSignedOutPage(res: Response, note?: string): void {
  sendPage(
    res,
    200,
    'Sign out',
    `<h1>You signed out of your account</h1>
<p class="sub">It's a good idea to close all browser windows.</p>
${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}`,
  );
}

const SUBMIT = 'document.forms[0].submit();';

/** `response_mode=form_post`: a page that POSTs `fields` to `redirectUri` as soon as it loads. */
export function sendFormPost(res: Response, redirectUri: string, fields: Array<[string, string]>): void {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n');
  sendPage(
    res,
    200,
    'Working...',
    `<form method="post" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Click Submit to continue.</p><button type="submit">Submit</button></noscript>
</form>
<script>${SUBMIT}</script>`,
    [scriptHash(SUBMIT)],
  );
}
