/**
 * The Graph communications API under /v1.0 and /beta: every request is authenticated, may get an
 * injected fault, is routed, has its body validated against the documented shape, is handled, and
 * is written to the call's log with the answer. Success bodies carry Graph's JSON content type;
 * empty answers (202, 204, keepAlive's 200) carry none.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context.ts';
import type { AccessTokens } from '../identity/access-tokens.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { authenticate } from './auth.ts';
import { GraphError, graphErrors, sendGraphError, type RequestIds } from './errors.ts';
import * as calls from './handlers/calls.ts';
import * as control from './handlers/call-actions.ts';
import * as media from './handlers/media-actions.ts';
import * as roster from './handlers/participant-actions.ts';
import type { GraphResult, RequestContext } from './request-context.ts';
import { parseRoute, type Route } from './routes.ts';
import { BODY_SCHEMAS } from './schemas.ts';
import { validateBody } from './validation.ts';

const HANDLERS: Record<string, (rc: RequestContext) => GraphResult> = {
  create: calls.create,
  get: calls.get,
  delete: calls.remove,
  keepAlive: calls.keepAlive,
  participants: calls.participants,
  participant: calls.participant,
  operation: calls.operation,
  answer: control.answer,
  reject: control.reject,
  redirect: control.redirect,
  transfer: control.transfer,
  mute: control.selfMute(true),
  unmute: control.selfMute(false),
  updateRecordingStatus: control.updateRecordingStatus,
  changeScreenSharingRole: control.changeScreenSharingRole,
  playPrompt: media.play,
  recordResponse: media.record,
  cancelMediaProcessing: media.cancel,
  subscribeToTone: media.subscribe,
  sendDtmfTones: media.sendTones,
  invite: roster.invite,
  participantMute: roster.muteOne,
  removeParticipant: roster.remove,
  startHoldMusic: roster.hold(true),
  stopHoldMusic: roster.hold(false),
};

/** Whether a parsed route's action has a handler (the effect conformance test asks). */
export function handlesAction(action: string): boolean {
  return Object.hasOwn(HANDLERS, action);
}

/** Graph's JSON content type. */
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function write(res: Response, result: GraphResult): void {
  res.status(result.status);
  if (result.location) res.set('Location', result.location);
  if (result.body === undefined) {
    res.end();
    return;
  }
  res.set('Content-Type', ODATA_JSON).send(JSON.stringify(result.body));
}

/** Express router serving /v1.0/… and /beta/…. */
export function graphRouter(ctx: EmulatorContext, tokens: AccessTokens): Router {
  const router = express.Router();

  const handle = (version: 'v1.0' | 'beta') => async (req: Request, res: Response) => {
    const clientRequestId = req.get('client-request-id') ?? undefined;
    const scenarioId = req.get('scenario-id') || undefined;
    const chainId = req.get('x-microsoft-skype-chain-id') || undefined;
    const ids: RequestIds = { requestId: ctx.ids.next('request'), clientRequestId };
    // Graph answers every request with its request-id and echoes client-request-id (the error
    // body's innerError carries both, graph-calls.md §0); the calling SDK echoes scenario-id
    // (§3.1), and Azure's calling services answer with X-Microsoft-Skype-Chain-ID — the one the
    // request sent, or the call's (recorded answers of Azure Communication Services' call
    // automation, Azure/azure-sdk-for-js communication-callingserver recordings).
    res.set('request-id', ids.requestId);
    if (clientRequestId) res.set('client-request-id', clientRequestId);
    if (scenarioId) res.set('scenario-id', scenarioId);
    if (chainId) res.set('X-Microsoft-Skype-Chain-ID', chainId);
    let route: Route | undefined;
    let status = 500;
    let response: unknown;
    try {
      const { app } = await authenticate(req, tokens, ctx.apps);
      route = parseRoute(req.method, segmentsOf(req.path));
      const fault = ctx.faults.takeHttpFault({ method: req.method, action: route.action, callId: route.callId });
      if (fault) throw injected(fault.status, fault.retryAfterSeconds);
      const body: JsonObject = isJsonObject(req.body) ? req.body : {};
      if (req.body !== undefined && !isJsonObject(req.body)) throw graphErrors.badRequest('The request body must be a JSON object.');
      if (BODY_SCHEMAS[route.action] && req.method === 'POST') validateBody(route.action, version, body, route.action === 'create' ? 'call' : route.action);
      const result = HANDLERS[route.action]({
        ctx,
        app,
        version,
        route,
        body,
        scenarioId,
        chainId,
        origin: `https://${req.headers.host}`,
      });
      status = result.status;
      response = result.body;
      const answered = ctx.calls.get(route.callId ?? (route.action === 'create' && result.body ? String(result.body.id) : ''));
      if (!chainId && answered) res.set('X-Microsoft-Skype-Chain-ID', answered.callChainId);
      write(res, result);
    } catch (error) {
      const graphError = error instanceof GraphError ? error : new GraphError(500, 'InternalServerError', `The emulator failed: ${(error as Error).message}`);
      // Anything but a GraphError is an emulator bug: say so loudly, whatever the log option.
      if (!(error instanceof GraphError)) console.error(`Graph emulator: ${req.method} ${req.originalUrl} failed:`, error);
      status = graphError.status;
      response = sendGraphError(res, graphError, ids);
    } finally {
      // A created call's log also records the request that created it.
      const callId = route?.callId ?? (route?.action === 'create' && isJsonObject(response) ? String(response.id) : undefined);
      const call = callId ? ctx.calls.get(callId) : undefined;
      call?.log.add({
        kind: 'request',
        method: req.method,
        path: req.originalUrl,
        action: route?.action ?? 'unknown',
        body: req.body,
        status,
        response,
        requestId: ids.requestId,
        clientRequestId,
        scenarioId,
        chainId,
      });
    }
  };

  const jsonBody = express.json({ type: () => true, limit: '1mb' });
  const unreadable = (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error as { type?: string }).type?.startsWith('entity.')) return next(error);
    sendGraphError(res, graphErrors.unreadableBody(), { requestId: ctx.ids.next('request'), clientRequestId: req.get('client-request-id') ?? undefined });
  };
  router.use('/v1.0', jsonBody, unreadable, handle('v1.0'));
  router.use('/beta', jsonBody, unreadable, handle('beta'));
  return router;
}

/** The decoded path segments; a malformed escape is a bad request, not a crash. */
function segmentsOf(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw graphErrors.badRequest('The request URL contains a malformed escape sequence.');
  }
}

/** The answer of an injected HTTP fault. */
function injected(status: number, retryAfterSeconds: number | undefined): GraphError {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  if (status === 429) return new GraphError(429, 'TooManyRequests', 'Please retry again later.', headers, '429');
  if (status === 503) return new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', headers);
  if (status === 504) return new GraphError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.', headers);
  return new GraphError(status, status >= 500 ? 'InternalServerError' : 'BadRequest', 'Injected fault.', headers);
}
