/**
 * The call API: `POST /api/flows/:id/calls` starts a flow that places a call (a dial state) or
 * joins a Teams meeting (a joinMeeting state), and `GET /api/calls/:id/trace` returns a call's
 * trace. Both pass `requireAdmin` (admin-auth.ts: the admin token, or without CALLFLOW_ADMIN_TOKEN a
 * request trusted as local): one places calls at the bot's expense, the other shows callers' numbers.
 */
import express, { Router, type Response } from 'express';
import type { Guard } from './access/guard.ts';
import type { DeployStore } from '../deploy/deploy-store.ts';
import { audited } from './request-helpers.ts';
import type { Json, VariableDeclaration } from '../core/types.ts';
import type { FlowDeployment } from '../deploy/deployment.ts';
import { parseJoinUrl } from '../graph/requests/join-url.ts';
import { PlaceCallError, type PlaceCallRequest } from '../session/place-call.ts';
import type { CallEngine } from './call-engine.ts';
import { stateValue } from '../core/call-record.ts';
import { isReservedName } from '../core/variables.ts';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const PLACING_BLOCKS = new Set(['dial', 'joinMeeting']);

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function callsRoute(library: FlowDeployment, engine: CallEngine | undefined, guard: Guard, store: DeployStore): Router {
  const router = Router();
  const notConfigured = (res: Response) =>
    fail(res, 503, 'notConfigured', 'Graph calling is not configured (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)');

  router.post('/api/flows/:id/calls', guard('Calls.Operate'), express.json({ limit: '64kb' }), async (req, res) => {
    if (!engine) return notConfigured(res);
    const id = String(req.params.id);
    const compiled = library.get(id)?.latest;
    if (!compiled) return fail(res, 404, 'flowNotDeployable', `flow '${id}' is missing or has errors`);
    if (!Object.values(compiled.flow.states).some((state) => PLACING_BLOCKS.has(state.type))) {
      return fail(res, 422, 'flowDoesNotPlaceCalls', `flow '${id}' has no dial or joinMeeting state, so it cannot place a call`);
    }
    const request = placeCallRequest(req.body, compiled.flow.variables ?? {});
    if (typeof request === 'string') return fail(res, 400, 'badRequest', request);
    try {
      const placed = await engine.sessions.placeCall(id, request);
      await audited(store, req, res, 'call.place', placed.callId, { flow: id, version: placed.version });
      res.status(202).json({ ...placed, trace: `/api/calls/${placed.callId}/trace` });
    } catch (error) {
      if (error instanceof PlaceCallError) return fail(res, error.status, 'callNotPlaced', error.message);
      throw error;
    }
  });

  router.get('/api/calls/:id/trace', guard('Calls.Operate'), async (req, res) => {
    if (!engine) return notConfigured(res);
    const id = String(req.params.id);
    const session = await engine.sessions.get(id);
    if (!session) return fail(res, 404, 'callNotFound', `no call '${id}'`);
    const limit = Number(req.query.limit);
    const entries = await engine.sessions.trace(id, Number.isInteger(limit) && limit > 0 ? limit : undefined);
    res.json({
      callId: session.id,
      graphCallId: session.graphCallId ?? null,
      direction: session.direction,
      flowId: session.record?.flowId ?? null,
      flowVersion: session.record?.flowVersion ?? null,
      status: session.record?.status ?? null,
      phase: session.phase,
      leg: session.leg,
      endReason: session.endReason ?? null,
      entries,
    });
  });
  // What the engine still holds for a call (timers, unsettled Graph operations, queued work): an
  // ended call must hold nothing, whatever moment the caller hung up at.
  router.get('/api/calls/:id/state', guard('Calls.Operate'), async (req, res) => {
    if (!engine) return notConfigured(res);
    const id = String(req.params.id);
    const session = await engine.sessions.get(id);
    if (!session) return fail(res, 404, 'callNotFound', `no call '${id}'`);
    const held = await engine.sessions.held(id);
    res.json({
      callId: session.id,
      graphCallId: session.graphCallId ?? null,
      phase: session.phase,
      leg: session.leg,
      // The run's other calls (engine/core/legs.ts): Graph's id and state of each, by name.
      legs: Object.fromEntries(Object.entries(session.legs ?? {}).map(([name, leg]) => [name, { graphCallId: leg.graphCallId ?? null, state: leg.state }])),
      endReason: session.endReason ?? null,
      state: stateValue(session.record),
      status: session.record?.status ?? null,
      ...held,
    });
  });
  return router;
}

const PARTY_KINDS = ['user', 'phone', 'application', 'applicationInstance'] as const;

/** The request body checked against the flow's variables; a string says what is wrong. */
export function placeCallRequest(body: unknown, variables: Record<string, VariableDeclaration>): PlaceCallRequest | string {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object {to?, joinUrl?, vars?}';
  const { to, joinUrl, vars, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length) return `unknown field(s): ${Object.keys(rest).join(', ')}; allowed: to, joinUrl, vars`;
  const request: PlaceCallRequest = {};
  if (to !== undefined) {
    if (typeof to !== 'object' || to === null || Array.isArray(to)) return '\'to\' must be an object like {"phone": "+14255550100"}';
    const fields = to as Record<string, unknown>;
    // The kinds a flow's participant takes (schemas: $defs/participant): an application instance is
    // a resource account, e.g. of a Teams call queue or auto attendant.
    const kinds = PARTY_KINDS.filter((kind) => typeof fields[kind] === 'string' && fields[kind]);
    const extra = Object.keys(fields).filter((key) => !(PARTY_KINDS as readonly string[]).includes(key) && !['displayName', 'tenantId'].includes(key));
    if (kinds.length !== 1 || extra.length)
      return "'to' must name exactly one of user, phone, application or applicationInstance (and may have displayName and tenantId)";
    if (fields.phone !== undefined && !E164.test(String(fields.phone)))
      return `'to.phone' must be an E.164 number such as +14255550100, not '${String(fields.phone)}'`;
    request.to = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]));
  }
  if (joinUrl !== undefined) {
    if (typeof joinUrl !== 'string') return "'joinUrl' must be a string";
    try {
      parseJoinUrl(joinUrl);
    } catch (error) {
      return `'joinUrl': ${(error as Error).message}`;
    }
    request.joinUrl = joinUrl;
  }
  if (vars !== undefined) {
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) return "'vars' must be an object of the flow's variables";
    // Own keys only, looked up with Object.hasOwn: `constructor` or `__proto__` must not pass for a
    // declared variable because every object inherits one (core/variables.ts).
    for (const [name, value] of Object.entries(vars)) {
      const declared = Object.hasOwn(variables, name) && !isReservedName(name) ? variables[name] : undefined;
      if (!declared) return `'vars.${name}' is not a variable of this flow (declared: ${Object.keys(variables).join(', ') || 'none'})`;
      if (!fitsType(value, declared.type)) return `'vars.${name}' must be of type ${declared.type}`;
    }
    request.vars = vars as Record<string, Json>;
  }
  return request;
}

function fitsType(value: unknown, type: VariableDeclaration['type']): boolean {
  if (value === null) return true;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
  }
}
