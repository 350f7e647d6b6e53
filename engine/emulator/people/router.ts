/**
 * The simulated-people API under /emulator: place calls to a bot, press keys, speak, hang up,
 * answer rings (accept or refuse a transfer, an invite, the bot's call), configure how people
 * answer, run meetings, inject faults, and read every call's log. No authentication: the emulator
 * listens on loopback by default (see the README).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context.ts';
import type { FaultRules } from '../faults.ts';
import { inTenant, rolesIn } from '../identity/users.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { EmulatedCall } from '../model/call.ts';
import type { Conversation } from '../model/conversations.ts';
import { offerIncomingCall } from '../model/incoming.ts';
import { hangUp, joinConversation, leaveConversation, pressKeys, speak } from '../model/people-actions.ts';
import { identitySet, type IdentityKind, type Person, type RingAnswer } from '../model/people.ts';
import { endConversation } from '../model/leaving.ts';
import { admitFromLobby, waitingInLobby } from '../model/meeting-joins.ts';
import { checkVariations, type VariationSettings } from '../variations.ts';
import type { CallSummary, Caller, MeetingSummary, RingSummary, UserSummary } from './types.ts';

class PeopleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Per-call behaviours from a request body: an unknown name or behaviour answers 400. */
function fixedVariations(body: JsonObject): Partial<VariationSettings> {
  try {
    return checkVariations(body);
  } catch (error) {
    throw new PeopleApiError(400, (error as Error).message);
  }
}

const ANSWERS: RingAnswer[] = ['accept', 'decline', 'busy', 'noAnswer', 'unreachable', 'manual'];
/** Identity kinds a configured person may have (a call queue's resource account is an `applicationInstance`). */
const KINDS: IdentityKind[] = ['user', 'phone', 'application', 'applicationInstance'];

function summary(call: EmulatedCall): CallSummary {
  return {
    id: call.id,
    appId: call.app.appId,
    direction: call.direction,
    kind: call.kind,
    state: call.state,
    callbackUri: call.callbackUri,
    peer: call.peer?.person.key ?? null,
    conversationId: call.conversationId ?? null,
    resultInfo: call.resultInfo,
    toneSubscribed: call.toneSubscribed,
    media: call.media.snapshot(),
    operations: [...call.operations.values()].map((op) => ({ id: op.id, kind: op.kind, status: op.status, clientContext: op.clientContext })),
  };
}

function meetingSummary(ctx: EmulatorContext, conversation: Conversation): MeetingSummary {
  const meeting = conversation.meeting!;
  return {
    id: conversation.id,
    ...meeting,
    waitingInLobby: waitingInLobby(ctx, conversation).map((call) => call.id),
    participants: [...conversation.participants.values()].map((p) => ({
      id: p.id,
      person: p.personKey ?? null,
      botCallId: p.botCallId ?? null,
      isMuted: p.isMuted,
    })),
    ended: conversation.ended,
  };
}

/** The person a `Caller` describes (configured with a display name when given). */
function personOf(ctx: EmulatorContext, caller: unknown): Person {
  if (!isJsonObject(caller)) throw new PeopleApiError(400, "'from' must be { user: { id } } or { phone: '+1…' }");
  if (typeof caller.phone === 'string') return ctx.people.fromIdentitySet(identitySet('phone', caller.phone))!;
  const user = caller.user;
  if (!isJsonObject(user) || typeof user.id !== 'string') throw new PeopleApiError(400, "'from' must be { user: { id } } or { phone: '+1…' }");
  const person = ctx.people.fromIdentitySet(
    identitySet('user', user.id, { displayName: user.displayName as string | undefined, tenantId: user.tenantId as string | undefined }),
  )!;
  if (typeof user.displayName === 'string' && person.displayName !== user.displayName) return ctx.people.configure(user.id, { displayName: user.displayName });
  return person;
}

/** Express router for /emulator/…. */
export function peopleRouter(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.use(express.json());

  const call = (req: Request): EmulatedCall => {
    const found = ctx.calls.get(String(req.params.callId));
    if (!found) throw new PeopleApiError(404, `no call ${String(req.params.callId)}`);
    return found;
  };
  const meeting = (req: Request): Conversation => {
    const found = ctx.conversations.get(String(req.params.meetingId));
    if (!found?.meeting) throw new PeopleApiError(404, `no meeting ${String(req.params.meetingId)}`);
    return found;
  };
  const app = (appId: unknown) => {
    const found = appId === undefined ? ctx.apps[0] : ctx.apps.find((a) => a.appId === appId);
    if (!found) throw new PeopleApiError(404, `no app ${String(appId)}`);
    return found;
  };
  const route = (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    handler: (req: Request, body: JsonObject) => unknown | Promise<unknown>,
    status = 200,
  ) => {
    router[method](path, async (req: Request, res: Response) => {
      try {
        const result = await handler(req, isJsonObject(req.body) ? req.body : {});
        if (result === undefined) res.status(204).end();
        else res.status(status).json(result);
      } catch (error) {
        const status = error instanceof PeopleApiError ? error.status : 500;
        res.status(status).json({
          error: {
            code: ({ 400: 'badRequest', 404: 'notFound', 409: 'conflict' } as Record<number, string>)[status] ?? 'internalError',
            message: (error as Error).message,
          },
        });
      }
    });
  };

  route('get', '/', () => ({ apps: ctx.apps.map(({ secret: _secret, ...rest }) => rest), speed: ctx.clock.speed, now: ctx.clock.now() }));

  route(
    'post',
    '/calls',
    (_req, body) => {
      if (body.toPhone !== undefined && (typeof body.toPhone !== 'string' || !/^\+[1-9][0-9]{6,14}$/.test(body.toPhone)))
        throw new PeopleApiError(400, "'toPhone' must be an E.164 number such as '+14255550100'");
      const placed = offerIncomingCall(ctx, app(body.appId), personOf(ctx, body.from as Caller), {
        toApplicationInstance: body.toApplicationInstance === true,
        toPhone: body.toPhone as string | undefined,
      });
      if (isJsonObject(body.faults)) ctx.faults.setForCall(placed.id, body.faults as FaultRules);
      if (isJsonObject(body.variations)) {
        ctx.variations.fixForCall(placed.id, fixedVariations(body.variations));
        placed.log.add({ kind: 'event', event: 'variationsFixed', detail: body.variations });
      }
      return summary(placed);
    },
    201,
  );
  route('get', '/calls', () => [...ctx.calls.values()].map(summary));
  route('get', '/calls/:callId', (req) => summary(call(req)));
  route('get', '/calls/:callId/log', (req) => call(req).log.entries());
  route('post', '/calls/:callId/keys', async (req, body) => {
    if (typeof body.keys !== 'string' || !body.keys) throw new PeopleApiError(400, '\'keys\' must be a string of DTMF keys such as "12#"');
    return { sent: await pressKeys(ctx, call(req), body.keys, typeof body.gapMs === 'number' ? body.gapMs : 300) };
  });
  route('post', '/calls/:callId/speech', (req, body) => {
    const kind = body.kind === 'silence' ? 'silence' : 'noise';
    if (typeof body.durationMs !== 'number' || body.durationMs <= 0)
      throw new PeopleApiError(400, "'durationMs' must be a positive number (emulated milliseconds)");
    return { heard: speak(call(req), kind, body.durationMs) };
  });
  route('post', '/calls/:callId/hangup', (req) => {
    const target = call(req);
    if (!target.peer || target.state === 'terminated')
      throw new PeopleApiError(409, `call ${target.id} is ${target.state} (${target.kind}); only a live call with a peer can be hung up by its peer`);
    hangUp(ctx, target);
    return undefined;
  });
  route('get', '/calls/:callId/faults', (req) => ctx.faults.describe(call(req).id));
  route('put', '/calls/:callId/faults', (req, body) => {
    ctx.faults.setForCall(call(req).id, body as FaultRules);
    return undefined;
  });
  route('get', '/faults', () => ctx.faults.describe());
  route('put', '/faults', (_req, body) => {
    ctx.faults.setGlobal(body as FaultRules);
    return undefined;
  });

  route('get', '/rings', (req): RingSummary[] =>
    ctx.rings
      .list({ callId: req.query.callId as string | undefined, ringing: req.query.ringing === 'true' })
      .map((r) => ({ id: r.id, callId: r.callId, purpose: r.purpose, person: r.person.key, state: r.state })),
  );
  route('post', '/rings/:ringId', (req, body) => {
    if (body.decision !== 'accept' && body.decision !== 'decline') throw new PeopleApiError(400, "'decision' must be 'accept' or 'decline'");
    if (!ctx.rings.decide(String(req.params.ringId), body.decision)) throw new PeopleApiError(409, `ring ${String(req.params.ringId)} is not ringing`);
    return undefined;
  });

  route('get', '/users', (req): UserSummary[] => {
    const target = app(req.query.appId);
    return ctx.users
      .filter((u) => inTenant(u, target.tenantId))
      .map((u) => ({ id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, tenantId: target.tenantId, roles: rolesIn(u, target) }));
  });

  route('get', '/people', () => ctx.people.list());
  route('put', '/people/:key', (req, body) => {
    if (body.answer !== undefined && !ANSWERS.includes(body.answer as RingAnswer))
      throw new PeopleApiError(400, `'answer' must be one of ${ANSWERS.join(', ')}`);
    if (body.keepsRinging !== undefined && typeof body.keepsRinging !== 'boolean') throw new PeopleApiError(400, "'keepsRinging' must be true or false");
    if (body.kind !== undefined && !KINDS.includes(body.kind as IdentityKind)) throw new PeopleApiError(400, `'kind' must be one of ${KINDS.join(', ')}`);
    const behaviour = {
      ...(body.answer !== undefined && { answer: body.answer as RingAnswer }),
      ...(typeof body.answerAfterMs === 'number' && { answerAfterMs: body.answerAfterMs }),
      ...(typeof body.keepsRinging === 'boolean' && { keepsRinging: body.keepsRinging }),
    };
    return ctx.people.configure(String(req.params.key), {
      behaviour,
      displayName: body.displayName as string | undefined,
      ...(body.kind !== undefined && { kind: body.kind as IdentityKind }),
    });
  });

  route(
    'post',
    '/meetings',
    (_req, body) => {
      const tenantId = typeof body.tenantId === 'string' ? body.tenantId : ctx.apps[0].tenantId;
      for (const flag of ['refuseBots', 'lobby'])
        if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw new PeopleApiError(400, `'${flag}' must be true or false`);
      if (body.joinMeetingId !== undefined && (typeof body.joinMeetingId !== 'string' || !/^\d{9,15}$/.test(body.joinMeetingId)))
        throw new PeopleApiError(400, "'joinMeetingId' must be 9 to 15 digits, as Teams meeting ids are");
      if (body.passcode !== undefined && (typeof body.passcode !== 'string' || !body.passcode))
        throw new PeopleApiError(400, "'passcode' must be a non-empty string");
      return meetingSummary(
        ctx,
        ctx.conversations.createMeeting({
          organizerId: typeof body.organizerId === 'string' ? body.organizerId : ctx.ids.next('person'),
          tenantId,
          subject: body.subject as string | undefined,
          joinMeetingId: body.joinMeetingId as string | undefined,
          passcode: body.passcode as string | undefined,
          lobby: body.lobby === true,
          refuseBots: body.refuseBots === true,
        }),
      );
    },
    201,
  );
  route('get', '/meetings/:meetingId', (req) => meetingSummary(ctx, meeting(req)));
  route('post', '/meetings/:meetingId/lobby/admit', (req, body) => {
    if (body.callId !== undefined && typeof body.callId !== 'string')
      throw new PeopleApiError(400, "'callId' must be the id of a bot's call waiting in the lobby");
    const admitted = admitFromLobby(ctx, meeting(req), body.callId as string | undefined);
    if (!admitted.length) throw new PeopleApiError(409, `no bot ${body.callId ? `call ${String(body.callId)} ` : ''}is waiting in the lobby`);
    return { admitted };
  });
  route('delete', '/meetings/:meetingId', (req) => {
    endConversation(ctx, meeting(req));
    return undefined;
  });
  route('post', '/meetings/:meetingId/participants', (req, body) => ({ participantId: joinConversation(ctx, meeting(req), personOf(ctx, body)) }), 201);
  route('delete', '/meetings/:meetingId/participants/:personKey', (req) => {
    if (!leaveConversation(ctx, meeting(req), String(req.params.personKey)))
      throw new PeopleApiError(404, `${String(req.params.personKey)} is not in the meeting`);
    return undefined;
  });
  route(
    'post',
    '/meetings/:meetingId/invitations',
    (req, body) =>
      summary(
        offerIncomingCall(ctx, app(body.appId), personOf(ctx, body.from ?? { user: { id: meeting(req).meeting!.organizerId } }), { meeting: meeting(req) }),
      ),
    201,
  );

  return router;
}
