/**
 * The end-session endpoint (`GET` or `POST /{tenant}/oauth2/v2.0/logout`, "Send a sign-out request"
 * in OpenID Connect on the Microsoft identity platform): with a `post_logout_redirect_uri` that
 * "must match one of the redirect URIs registered for your application" (of the app `client_id`
 * names, else of any app of the tenant; loopback ports ignored as for sign-in) it redirects there;
 * otherwise "the user is shown a generic message". The emulator keeps no session, so there is
 * nothing else to end.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorApp } from '../options.ts';
import { aadErrors } from './aad-errors.ts';
import { sendErrorPage, sendSignedOutPage } from './notice-pages.ts';
import { matchRedirectUri } from './redirect-uris.ts';

/** Express router with the end-session endpoint. */
export function logoutRouter(apps: EmulatorApp[], onSignOut?: (entry: { tenant: string; outcome: string }) => void): Router {
  const router = express.Router();
  const logout = (req: Request, res: Response, params: Record<string, unknown>) => {
    const tenant = String(req.params.tenant);
    const ofTenant = apps.filter((a) => a.tenantId.toLowerCase() === tenant.toLowerCase());
    if (!ofTenant.length) return sendErrorPage(res, aadErrors.tenantNotFound(tenant));
    const target = typeof params.post_logout_redirect_uri === 'string' ? params.post_logout_redirect_uri : undefined;
    if (!target) {
      onSignOut?.({ tenant, outcome: 'signed-out page' });
      return sendSignedOutPage(res);
    }
    const clientId = typeof params.client_id === 'string' ? params.client_id.toLowerCase() : undefined;
    const candidates = clientId ? ofTenant.filter((a) => a.appId.toLowerCase() === clientId) : ofTenant;
    if (!candidates.some((a) => matchRedirectUri(a.redirectUris, target))) {
      onSignOut?.({ tenant, outcome: 'signed-out page (post_logout_redirect_uri not registered)' });
      return sendSignedOutPage(res, 'The post_logout_redirect_uri of the request is not a redirect URI of the app, so you were not sent back.');
    }
    onSignOut?.({ tenant, outcome: 'redirected' });
    res.set('Cache-Control', 'no-store, no-cache').redirect(302, new URL(target).href);
  };
  router.get('/:tenant/oauth2/v2.0/logout', (req, res) => logout(req, res, req.query));
  router.post('/:tenant/oauth2/v2.0/logout', express.urlencoded({ extended: false }), (req, res) =>
    logout(req, res, (req.body ?? {}) as Record<string, unknown>),
  );
  return router;
}
