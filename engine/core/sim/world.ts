/**
 * How the simulated world answers each effect, following Graph's documented behaviour
 * (../shared/graph-calls.md): media operations complete by notification after the media has
 * played, cancelMediaProcessing fails the running operation with 8508, a transfer is accepted
 * and then ends the bot's leg with 7015, a refused one reports 500/7000, and so on.
 */
import type { BlockEffectName, EffectOf } from '../effects.ts';
import type { Effect, EngineEvent, Json } from '../types.ts';
import { unjoinableMeeting } from './unjoinable-meeting.ts';
import { legOfSimId, legReaction } from './leg-world.ts';
import { groupCallAnswers } from './group-world.ts';
import { isGroupCall } from '../../protocol/group-call-targets.ts';

export interface HttpMock {
  /** Substring of the URL (optionally prefixed by the method and a space: "POST https://…"). */
  match: string;
  status?: number;
  body?: Json;
  /** Simulate a network failure instead of an answer. */
  error?: string;
  /** Response time in ms (default 50). */
  latencyMs?: number;
}

export interface WorldOptions {
  /** Length of a prompt in ms; defaults to an estimate from its text (about 70 ms a character). */
  promptDurationMs?: (prompt: { file?: string; text: string }) => number;
  /** Canned HTTP answers; an unmatched request fails with a message naming it. */
  http?: HttpMock[];
  /** What a transfer, redirect or invite target does. */
  transfers?: 'accept' | 'refuse';
  /** What the callee of an outbound call or meeting join does. */
  answer?: 'answer' | 'busy' | 'noAnswer';
  /** What the callee of a call leg (dial or joinMeeting with `leg`) does. */
  legAnswer?: 'answer' | 'busy' | 'noAnswer';
  /** Graph requests that fail (as after exhausted retries): the effect type, and how many times (default: always). */
  fail?: Array<{ effect: string; count?: number }>;
}

export interface Scheduled {
  at: number;
  event: EngineEvent;
  label: string;
  seq?: number;
  timer?: boolean;
  timerId?: string;
  /** A media operation (play/record) that cancelMediaProcessing cancels. */
  media?: 'play' | 'record';
  clientContext?: string;
  /** The call leg ends when this is delivered. */
  terminates?: boolean;
  /** It happens on this call leg (engine/core/legs.ts), not the main call. */
  leg?: string;
  /** For a running recording: its completion once the caller has spoken `ms` starting at `now`. */
  reschedule?: (now: number, ms: number) => Scheduled;
  /** For a running recording: its completion when the caller presses `digit` at `now`, if a stop tone. */
  stopTone?: (now: number, digit: string) => Scheduled | undefined;
}

export interface Reaction {
  schedule: Scheduled[];
  cancel?: (item: Scheduled) => boolean;
}

/** How long words take to say when no recording tells: about 70 ms a character, at least half a second. */
export const speechEstimateMs = (text: string): number => Math.max(500, text.length * 70);
const defaultDuration = (prompt: { text: string }) => speechEstimateMs(prompt.text);
const completed = (kind: string, clientContext: unknown, result: Json = { code: 200, subcode: 0 }): EngineEvent => ({
  type: 'operation.completed',
  kind,
  clientContext,
  result,
});

/** What a reaction knows about the moment the effect reached the simulated world. */
interface Moment {
  now: number;
  options: WorldOptions;
  world: Record<string, unknown>;
  clientContext: string | undefined;
  /** When Graph's media queue is free: play and record run one after another. */
  mediaFree: number;
  /** What the world has scheduled and not delivered yet. */
  agenda: Scheduled[];
  soon(event: EngineEvent, label: string, extra?: Partial<Scheduled>): Scheduled;
  ends(code: number, subcode: number, label: string, delay?: number): Scheduled;
}

type ReactionTo<K extends BlockEffectName> = (effect: EffectOf<K>, moment: Moment) => Reaction;

const completedAtOnce = (effect: { type: BlockEffectName }, moment: Moment): Reaction => ({
  schedule: [moment.soon(completed(effect.type.slice('graph.'.length), moment.clientContext), `${effect.type} completed`)],
});

/** Who else is in the simulated call: the scenario's `join` and `leave` steps and accepted invitations (participant ids). */
export function rosterIn(world: Record<string, unknown>): string[] {
  return Array.isArray(world.roster) ? (world.roster as string[]) : [];
}
const inRoster = (world: Record<string, unknown>, participantId: string) => rosterIn(world).includes(participantId);
const notInCall = (effect: { type: BlockEffectName }, { soon, clientContext }: Moment): Reaction => ({
  schedule: [
    soon(
      {
        type: 'operation.failed',
        kind: effect.type.slice('graph.'.length),
        clientContext: clientContext ?? null,
        result: { code: 404, subcode: 0, message: 'Participant not found' },
      },
      `${effect.type} refused`,
    ),
  ],
});

/** The world's answer to every effect a block may emit: a missing one does not compile. */
const REACTIONS: { readonly [K in BlockEffectName]: ReactionTo<K> } = {
  'graph.answer': (_effect, { soon, now }) => ({ schedule: [soon({ type: 'call.established' }, 'call established', { at: now + 200 })] }),
  'graph.createCall': (effect, moment) => (isGroupCall(effect.to) ? groupCallAnswers(effect.to, moment) : calleeAnswers(moment)),
  'graph.joinMeeting': (effect, moment) => {
    // A rendered link or ID the engine cannot send fails at once, as the Graph adapter's refusal does (code 0).
    const problem = unjoinableMeeting(effect);
    if (!problem) return calleeAnswers(moment);
    const result = { code: 0, subcode: 0, message: problem };
    return { schedule: [moment.soon({ type: 'operation.failed', kind: 'joinMeeting', clientContext: moment.clientContext ?? null, result }, 'join not sent')] };
  },
  'graph.subscribeToTone': completedAtOnce,
  'graph.mute': completedAtOnce,
  'graph.unmute': completedAtOnce,
  // Graph answers 404 for a participant who is not in the call (the emulator's participantNotFound).
  'graph.muteParticipant': (effect, moment) => (inRoster(moment.world, effect.participantId) ? completedAtOnce(effect, moment) : notInCall(effect, moment)),
  // The removed participant is dropped at once, and the roster notification that follows says so.
  'graph.removeParticipant': (effect, moment) => {
    if (!inRoster(moment.world, effect.participantId)) return notInCall(effect, moment);
    moment.world.roster = rosterIn(moment.world).filter((id) => id !== effect.participantId);
    const left = moment.soon({ type: 'participants.updated', joined: [], left: [effect.participantId] }, 'participant removed');
    return { schedule: [...completedAtOnce(effect, moment).schedule, left] };
  },
  'graph.sendDtmfTones': (effect, { soon, now, clientContext }) => {
    const tones = Array.isArray(effect.tones) ? effect.tones.length : String(effect.tones ?? '').length;
    const gap = Number(effect.delayBetweenTonesMs ?? 500);
    return { schedule: [soon(completed('sendDtmfTones', clientContext), 'tones sent', { at: now + tones * gap })] };
  },
  'graph.playPrompt': (effect, { options, mediaFree, clientContext }) => {
    const prompts = effect.prompts ?? [];
    const length = prompts.reduce((sum, prompt) => sum + (options.promptDurationMs ?? defaultDuration)(prompt), 0);
    return {
      schedule: [
        {
          at: mediaFree + length,
          event: completed('playPrompt', clientContext),
          label: `prompts ${prompts.map((p) => p.text).join(' ')}`,
          media: 'play',
          clientContext,
        },
      ],
    };
  },
  'graph.recordResponse': (effect, { options, world, mediaFree }) => {
    // The silence timer starts once the prompt and the beep have played.
    const prompts = effect.prompts ?? [];
    const lead = prompts.reduce((sum, prompt) => sum + (options.promptDurationMs ?? defaultDuration)(prompt), 0) + (effect.playBeep === false ? 0 : 500);
    return { schedule: [recording(effect, mediaFree + lead, options, world)] };
  },
  'graph.cancelMediaProcessing': (_effect, { soon, clientContext, agenda }) => {
    const cancelled = agenda.filter((item) => item.media && !item.leg);
    const failures = cancelled.map((item) =>
      soon(
        {
          type: 'operation.failed',
          kind: item.media === 'play' ? 'playPrompt' : 'recordResponse',
          clientContext: item.clientContext,
          result: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
        },
        'media cancelled',
      ),
    );
    return {
      schedule: [...failures, soon(completed('cancelMediaProcessing', clientContext), 'cancel completed')],
      cancel: (item) => Boolean(item.media) && !item.leg,
    };
  },
  'graph.transfer': (_effect, { options, soon, ends, now }) => {
    if (options.transfers === 'refuse')
      return { schedule: [soon({ type: 'transfer.failed', code: 500, subcode: 7000 }, 'transfer refused', { at: now + 5000 })] };
    return { schedule: [soon({ type: 'transfer.accepted' }, 'transfer accepted', { at: now + 3000 }), ends(0, 7015, 'transferred', 3100)] };
  },
  // The consult call of a consultative transfer: the target answers (the scenario's `transfers:
  // accept`) or declines it (603, as Azure's call-end codes report a declined call).
  'graph.consultCall': (_effect, { options, soon, now }) => {
    if (options.transfers === 'refuse')
      return { schedule: [soon({ type: 'consult.terminated', code: 603, subcode: 0 }, 'consult call declined', { at: now + 5000 })] };
    return { schedule: [soon({ type: 'consult.established' }, 'consult call answered', { at: now + 3000 })] };
  },
  'graph.endConsult': () => ({ schedule: [] }),
  'graph.redirect': (_effect, { ends }) => ({ schedule: [ends(0, 0, 'redirected', 100)] }),
  'graph.invite': (effect, { options, soon, now, clientContext, world }) => {
    if (options.transfers === 'refuse')
      return {
        schedule: [
          soon(
            { type: 'operation.failed', kind: 'invite', clientContext, result: { code: 408, subcode: 0, message: 'Invitation not answered' } },
            'invite refused',
            {
              at: now + 5000,
            },
          ),
        ],
      };
    const joined = (effect.participants ?? []).map((_, index) => `invited-${index + 1}`);
    world.roster = [...rosterIn(world), ...joined];
    // The replaced one-to-one call is dropped once the participant is added (invitationParticipantInfo.replacesCallId).
    const replaced = legOfSimId(effect.replacesCallId);
    return {
      schedule: [
        soon(completed('invite', clientContext), 'invite completed', { at: now + 3000 }),
        soon({ type: 'participants.updated', joined, left: [] }, 'participants joined', { at: now + 3000 }),
        ...(replaced
          ? [soon({ type: 'leg.terminated', leg: replaced, code: 200, subcode: 0 }, `leg ${replaced} replaced`, { at: now + 3100, leg: replaced })]
          : []),
      ],
    };
  },
  'graph.reject': (_effect, { ends }) => ({ schedule: [ends(200, 5001, 'call ended', 100)] }),
  'graph.hangup': (_effect, { ends }) => ({ schedule: [ends(200, 5001, 'call ended', 100)] }),
  'http.request': (effect, { now, options }) => ({ schedule: [httpAnswer(effect, now, options)] }),
  // The engine keeps the simulated recording under the call (engine/node/recording-store.ts naming) and answers with its own link.
  'recording.download': (effect, { soon }) => ({
    schedule: [
      soon(
        {
          type: 'recording.stored',
          clientContext: effect.clientContext,
          url: `sim://bot/recordings/${String(effect.recordingLocation).replace(/^sim:\/\/recordings\//, '')}`,
        },
        'recording kept',
      ),
    ],
  }),
};

/** Whether the simulated world knows how to answer an effect type. */
export function simulatorReactsTo(type: string): boolean {
  return Object.hasOwn(REACTIONS, type);
}

function calleeAnswers({ options, ends, soon, now }: Moment): Reaction {
  if (options.answer === 'busy') return { schedule: [ends(486, 0, 'callee busy', 2000)] };
  if (options.answer === 'noAnswer') return { schedule: [] };
  return { schedule: [soon({ type: 'call.established' }, 'call established', { at: now + 3000 })] };
}

export function worldReaction(effect: Effect, now: number, options: WorldOptions, world: Record<string, unknown>, agenda: Scheduled[]): Reaction {
  const clientContext = effect.clientContext as string | undefined;
  const moment: Moment = {
    now,
    options,
    world,
    clientContext,
    mediaFree: Math.max(now, ...agenda.filter((item) => item.media && !item.leg).map((item) => item.at)),
    agenda,
    soon: (event, label, extra = {}) => ({ at: now, event, label, ...extra }),
    ends: (code, subcode, label, delay = 0) => ({ at: now + delay, event: { type: 'call.terminated', code, subcode }, label, terminates: true }),
  };
  if (injectedFailure(effect, options, world)) {
    // A recording that could not be kept settles by its own event, as the engine's downloader reports it.
    if (effect.type === 'recording.download')
      return {
        schedule: [
          {
            at: now + 100,
            label: 'recording not kept',
            event: { type: 'recording.failed', clientContext, error: 'Graph answered 401 to the recording download (simulated)' },
          },
        ],
      };
    return {
      schedule: [
        {
          at: now + 100,
          label: `${effect.type} failed`,
          event: {
            type: 'operation.failed',
            kind: effect.type.replace(/^graph\./, ''),
            clientContext,
            result: { code: 500, subcode: 0, message: 'Simulated failure' },
          },
        },
      ],
    };
  }
  if (!simulatorReactsTo(effect.type)) return { schedule: [] };
  if (typeof effect.leg === 'string') {
    const promptMs = options.promptDurationMs ?? defaultDuration;
    const onLeg = legReaction(effect, effect.leg, { now, options, agenda, clientContext, promptMs });
    if (onLeg) return onLeg;
  }
  // REACTIONS pairs each type with the reaction to its own fields, which is what `effect.type` selects.
  const react = REACTIONS[effect.type as BlockEffectName] as (effect: Effect, moment: Moment) => Reaction;
  return react(effect, moment);
}

function recording(effect: Effect, startAt: number, options: WorldOptions, world: Record<string, unknown>): Scheduled {
  const seconds = (names: string[], fallback: number) => {
    for (const name of names) if (typeof effect[name] === 'number') return (effect[name] as number) * 1000;
    return fallback * 1000;
  };
  const initialSilence = seconds(['initialSilenceTimeoutInSeconds', 'initialSilenceTimeoutSeconds'], 5);
  const maxSilence = seconds(['maxSilenceTimeoutInSeconds', 'maxSilenceTimeoutSeconds'], 5);
  const maxDuration = seconds(['maxRecordDurationInSeconds', 'maxDurationSeconds'], 5);
  const clientContext = effect.clientContext as string;
  const count = ((world.recordings as number) ?? 0) + 1;
  world.recordings = count;
  const done = (at: number, reason: string, spoke: boolean): Scheduled => ({
    at,
    media: 'record',
    clientContext,
    label: spoke ? 'recording finished' : 'no speech',
    event: completed('recordResponse', clientContext, {
      code: 200,
      subcode: 0,
      completionReason: reason,
      recordingLocation: spoke ? `sim://recordings/${count}.wav` : '',
      recordingAccessToken: spoke ? `sim-token-${count}` : '',
      durationMs: spoke ? Math.min(maxDuration, at - startAt) : 0,
    } as Json),
  });
  const stopTones = (effect.stopTones as string[]) ?? [];
  const withStops = (item: Scheduled, spoke: boolean): Scheduled => ({
    ...item,
    stopTone: (now, digit) => (stopTones.includes(digit) && now >= startAt ? done(now, 'stopToneDetected', spoke) : undefined),
  });
  const item = withStops(done(startAt + initialSilence, 'initialSilenceTimeout', false), false);
  item.reschedule = (now, ms) =>
    withStops(
      ms + maxSilence >= maxDuration ? done(now + maxDuration, 'maxRecordDurationReached', true) : done(now + ms + maxSilence, 'maxSilenceTimeout', true),
      true,
    );
  return item;
}

function httpAnswer(effect: Effect, now: number, options: WorldOptions): Scheduled {
  const method = String(effect.method ?? 'POST');
  const url = String(effect.url ?? '');
  const mock = (options.http ?? []).find((candidate) => {
    const [maybeMethod, ...rest] = candidate.match.split(' ');
    return rest.length ? maybeMethod === method && url.includes(rest.join(' ')) : url.includes(candidate.match);
  });
  const at = now + (mock?.latencyMs ?? 50);
  const clientContext = effect.clientContext;
  if (!mock)
    return {
      at,
      label: 'http unmatched',
      event: { type: 'http.failed', clientContext, error: `no simulated answer for ${method} ${url} — add one to the scenario's "http" list` },
    };
  if (mock.error) return { at, label: 'http error', event: { type: 'http.failed', clientContext, error: mock.error } };
  return { at, label: `http ${mock.status ?? 200}`, event: { type: 'http.completed', clientContext, status: mock.status ?? 200, body: mock.body ?? null } };
}

function injectedFailure(effect: Effect, options: WorldOptions, world: Record<string, unknown>): boolean {
  const rule = options.fail?.find((candidate) => candidate.effect === effect.type);
  if (!rule) return false;
  const used = (world.failures as Record<string, number>) ?? {};
  world.failures = used;
  used[effect.type] = (used[effect.type] ?? 0) + 1;
  return rule.count === undefined || used[effect.type] <= rule.count;
}
