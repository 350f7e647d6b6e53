/**
 * Interactive sign-in: the authorization endpoint (`GET` or `POST /{tenant}/oauth2/v2.0/authorize`)
 * answers a valid request with the "Pick an account" page; the page posts to `/{tenant}/login`,
 * which redirects to the app with a code (or, after Cancel, with `access_denied` / AADSTS65004).
 * Requests that cannot be answered safely get an error page and are never redirected.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorApp } from '../options.ts';
import { sendErrorToApp, sendToApp, type AppTarget } from './app-response.ts';
import type { AuthCodes, AuthorizationRequest } from './auth-codes.ts';
import { authorizeErrors } from './authorize-errors.ts';
import { validateAuthorizeRequest } from './authorize-request.ts';
import { sendLoginPage } from './login-page.ts';
import { sendErrorPage } from './notice-pages.ts';
import { PendingSignIns } from './pending-sign-ins.ts';
import { clientInfo, findUser, inTenant, rolesIn, type EmulatorUser } from './users.ts';

/** One line of the emulator log per sign-in step; never a code, a state or a token. */
export interface SignInEvent {
  appId: string | undefined;
  tenant: string;
  /** The UPN of the user who signed in. */
  user?: string;
  /** `login page`, `code issued`, or the AADSTS code of a refusal. */
  outcome: string;
}

/** What the sign-in endpoints need. */
export interface SignInDependencies {
  apps: EmulatorApp[];
  users: EmulatorUser[];
  codes: AuthCodes;
  onSignIn?: (event: SignInEvent) => void;
}

function stringParams(source: unknown): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((source ?? {}) as Record<string, unknown>)) if (typeof value === 'string') params[name] = value;
  return params;
}

function targetOf(request: AuthorizationRequest): AppTarget {
  return { redirectUri: request.redirectUri, responseMode: request.responseMode, state: request.state };
}

/** Express router with the authorization endpoint and the login form's target. */
export function signInRouter(deps: SignInDependencies): Router {
  const router = express.Router();
  const pending = new PendingSignIns();
  const log = (event: SignInEvent) => deps.onSignIn?.(event);

  const showLoginPage = (res: Response, ctx: string, request: AuthorizationRequest, alert?: string) => {
    const tenant = request.app.tenantId;
    const users = deps.users.filter((u) => inTenant(u, tenant));
    sendLoginPage(
      res,
      { action: `/${tenant}/login`, ctx, appName: request.app.displayName, users, hinted: findUser(users, tenant, request.loginHint), alert },
      (user) => rolesIn(user, request.app),
    );
  };

  const authorize = (req: Request, res: Response, params: Record<string, string | undefined>) => {
    const tenant = String(req.params.tenant);
    const outcome = validateAuthorizeRequest(deps.apps, tenant, params);
    if (outcome.kind === 'page') {
      log({ appId: outcome.appId ?? params.client_id, tenant, outcome: `AADSTS${outcome.failure.code} (error page)` });
      return sendErrorPage(res, outcome.failure);
    }
    if (outcome.kind === 'redirect') {
      log({ appId: outcome.appId, tenant, outcome: `AADSTS${outcome.failure.code}` });
      return sendErrorToApp(res, outcome.target, outcome.failure);
    }
    log({ appId: outcome.request.app.appId, tenant, outcome: 'login page' });
    showLoginPage(res, pending.add(outcome.request), outcome.request);
  };
  router.get('/:tenant/oauth2/v2.0/authorize', (req, res) => authorize(req, res, stringParams(req.query)));
  router.post('/:tenant/oauth2/v2.0/authorize', express.urlencoded({ extended: false }), (req, res) => authorize(req, res, stringParams(req.body)));

  router.post('/:tenant/login', express.urlencoded({ extended: false }), (req, res) => {
    const tenant = String(req.params.tenant);
    const form = stringParams(req.body);
    const request = pending.get(form.ctx);
    if (!request || request.app.tenantId.toLowerCase() !== tenant.toLowerCase()) {
      log({ appId: request?.app.appId, tenant, outcome: 'AADSTS50089 (error page)' });
      return sendErrorPage(res, authorizeErrors.flowExpired());
    }
    const appId = request.app.appId;
    if (form.cancel !== undefined) {
      pending.remove(form.ctx!);
      log({ appId, tenant, outcome: 'cancelled: AADSTS65004' });
      return sendErrorToApp(res, targetOf(request), authorizeErrors.userCancelled());
    }
    const user = findUser(deps.users, request.app.tenantId, form.login);
    if (!user) {
      log({ appId, tenant, outcome: 'unknown account' });
      return showLoginPage(res, form.ctx!, request, "We couldn't find an account with that username.");
    }
    pending.remove(form.ctx!);
    const sessionId = randomUUID();
    const code = deps.codes.issue({ request, user, sessionId });
    log({ appId, tenant, user: user.userPrincipalName, outcome: 'code issued' });
    sendToApp(res, targetOf(request), [
      ['code', code],
      ['client_info', request.clientInfo ? clientInfo(user, request.app.tenantId) : undefined],
      ['state', request.state],
      ['session_state', sessionId],
    ]);
  });

  return router;
}
