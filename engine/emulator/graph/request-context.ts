/**
 * What a Graph route handler receives and returns, and the checks handlers share: the call must
 * exist for this app and be in a state where the action is valid, IVR actions need service-hosted
 * media, roster actions need a group call or meeting, callback URIs must be https, and the app's
 * token must carry the permission the action needs.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { CallState, EmulatedCall, Operation } from '../model/call.ts';
import type { Conversation } from '../model/conversations.ts';
import { hasServiceHostedMedia } from '../model/new-call.ts';
import { operationResource } from '../model/operations.ts';
import type { EmulatorApp } from '../options.ts';
import { GraphError, graphErrors } from './errors.ts';
import type { Route } from './routes.ts';

/** One Graph request as handlers see it. */
export interface RequestContext {
  ctx: EmulatorContext;
  app: EmulatorApp;
  version: 'v1.0' | 'beta';
  route: Route;
  body: JsonObject;
  scenarioId?: string;
  /** The request's X-Microsoft-Skype-Chain-ID: a created call takes it as its callChainId. */
  chainId?: string;
  /** https://host:port as the bot addressed the emulator. */
  origin: string;
}

/** A successful answer. */
export interface GraphResult {
  status: 200 | 201 | 202 | 204;
  body?: JsonObject;
  location?: string;
}

/** The live call the route names, owned by the requesting app; 404 otherwise. */
export function liveCall(rc: RequestContext): EmulatedCall {
  const call = rc.route.callId ? rc.ctx.calls.get(rc.route.callId) : undefined;
  if (!call || call.app.appId !== rc.app.appId || call.state === 'terminated') throw graphErrors.callNotFound(rc.route.callId ?? '');
  return call;
}

/** 409 unless the call is in one of `allowed`. */
export function requireState(call: EmulatedCall, action: string, allowed: CallState[]): void {
  if (!allowed.includes(call.state)) throw graphErrors.invalidState(action, call.state, allowed);
}

/** 400 unless the call uses serviceHostedMediaConfig (IVR actions). */
export function requireServiceHostedMedia(call: EmulatedCall, action: string): void {
  if (!hasServiceHostedMedia(call))
    throw graphErrors.badRequest(`Action '${action}' is supported only for calls with service-hosted media (serviceHostedMediaConfig).`);
}

/** The call's group call or meeting; 400 for P2P calls ("group calls only"). */
export function requireConversation(rc: RequestContext, call: EmulatedCall, action: string): Conversation {
  const conversation = call.conversationId ? rc.ctx.conversations.get(call.conversationId) : undefined;
  if (!conversation) throw graphErrors.badRequest(`Action '${action}' is supported only in group calls and meetings.`);
  return conversation;
}

/** 403 unless the app holds one of `roles`. */
export function requireRole(app: EmulatorApp, roles: string[]): void {
  if (!roles.some((role) => app.roles.includes(role))) throw graphErrors.forbidden(roles);
}

/** 400 unless `uri` is https (or loopback http, when that choice is on). */
export function checkCallbackUri(ctx: EmulatorContext, uri: unknown): void {
  if (uri === undefined) return;
  let url: URL;
  try {
    url = new URL(String(uri));
  } catch {
    throw graphErrors.badRequest(`Invalid value for 'callbackUri': '${String(uri)}' is not an absolute URI.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback && ctx.choices.allowHttpLoopbackCallbacks)) return;
  throw new GraphError(
    400,
    'BadRequest',
    `Invalid value for 'callbackUri': it must be https${ctx.choices.allowHttpLoopbackCallbacks ? ' (http is accepted only for loopback hosts)' : ''}.`,
  );
}

/** Absolute URL of a resource under the version root. */
export function resourceUrl(rc: RequestContext, path: string): string {
  return `${rc.origin}/${rc.version}${path}`;
}

/** `200 OK` + Location + the operation, the answer of every operation-returning action. */
export function operationResult(rc: RequestContext, call: EmulatedCall, operation: Operation, status: 200 | 202 = 200): GraphResult {
  const path = `/communications/calls/${call.id}/operations/${operation.id}`;
  return {
    status,
    location: resourceUrl(rc, path),
    body: {
      '@odata.context': `${rc.origin}/${rc.version}/$metadata#communications/calls('${call.id}')/operations/$entity`,
      ...operationResource(rc.ctx, call, operation),
    },
  };
}
