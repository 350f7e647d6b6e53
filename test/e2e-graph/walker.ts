/**
 * Plays a flow scenario (`flows/<id>.test.json`) over the wire: a simulated person on the emulator
 * does what the steps say and every `expect` that is visible outside the engine is waited for —
 * prompts played, transfers and invites requested (the ring accepted or refused as the scenario's
 * `transfers` says), hang-ups, the web service requests, the call's end. `state` and `variable`
 * expectations are the engine's inside and are checked by `callflow test`, not here. A `wait` is
 * the caller staying silent: the engine's own timer runs in real time, so the walker only waits
 * for the prompt to finish and lets the next expectation wait for the timer.
 */
import type { CallLogEntry } from '../../engine/emulator/index.ts';
import type { FlowDocument } from '../../engine/core/types.ts';
import type { Stack } from './stack.ts';
import { describeRequest, participantIdIn } from './wire.ts';

export interface ScenarioStep {
  press?: string;
  wait?: string;
  speak?: string;
  hangup?: boolean;
  /** Someone joins the meeting the bot is in (a simulated Teams user of that name); `leave`: they leave. */
  join?: string;
  leave?: string;
  expect?: Record<string, unknown>;
}
export interface Scenario {
  name: string;
  steps: ScenarioStep[];
  transfers?: 'accept' | 'refuse';
  /** What the callee of the flow's own call (or the meeting it joins) does. */
  answer?: 'answer' | 'busy' | 'noAnswer';
  http?: Array<{ match: string; status?: number; body?: unknown; error?: string }>;
  /** `at`: the instant the scenario assumes (ISO 8601). */
  call?: { vars?: Record<string, unknown>; direction?: string; at?: string };
}

type RequestEntry = Extract<CallLogEntry, { kind: 'request' }>;

/** A call being walked: the emulator's id of the bot's leg and the call id the flow sees. */
export interface WiredCall {
  emulatorCallId: string;
  flowCallId: string;
  /** The emulator's meeting the bot was sent to (flows that start by joining one). */
  meetingId?: string;
}

const seconds = (text: string) => Number(/^(\d+(?:\.\d+)?)s$/.exec(text)?.[1] ?? NaN) * 1000;

export class ScenarioWalker {
  /** Requests already matched by an expectation (index into the call's requests). */
  private cursor = 0;
  /** The emulator's id of the bot's consult call, once the scenario expected one. */
  consultCallId: string | undefined;
  /** Participant id → the scenario's name for who joined (`join` steps), to name them in Graph requests. */
  readonly participants = new Map<string, string>();

  constructor(
    private readonly stack: Stack,
    private readonly flow: FlowDocument,
    private readonly scenario: Scenario,
    private readonly call: WiredCall,
  ) {}

  async run(): Promise<void> {
    let previous: ScenarioStep | undefined;
    for (const step of this.scenario.steps) {
      // A key pressed right after a prompt was asked for lands while it plays (the caller barges
      // in), as in the simulator; after a `wait` it lands in the silence that follows.
      if (step.press !== undefined && previous?.expect?.play !== undefined) await this.whilePlaying();
      await this.step(step);
      previous = step;
    }
  }

  private async whilePlaying(): Promise<void> {
    await this.people.waitFor(`a prompt playing in ${this.scenario.name}`, async () => {
      const call = await this.people.call(this.call.emulatorCallId);
      return call.state === 'terminated' || call.media.current !== null;
    });
  }

  private get people() {
    return this.stack.people;
  }

  private async requests(): Promise<RequestEntry[]> {
    return (await this.people.log(this.call.emulatorCallId)).filter((e): e is RequestEntry => e.kind === 'request');
  }

  /** Waits for the next request (after the cursor) that `match` accepts and moves the cursor past it. */
  private async nextRequest(
    what: string,
    match: (entry: RequestEntry, line: string) => boolean,
    options: { advance?: boolean; failed?: boolean } = {},
  ): Promise<RequestEntry> {
    const [entry, index] = await this.people.waitFor(`${what} in ${this.scenario.name}`, async () => {
      const requests = await this.requests();
      const index = requests.findIndex((e, i) => i >= this.cursor && (options.failed || e.status < 400) && match(e, describeRequest(e, this.flow)));
      return index >= 0 ? ([requests[index], index] as const) : undefined;
    });
    if (options.advance !== false) this.cursor = index + 1;
    return entry;
  }

  private async step(step: ScenarioStep): Promise<void> {
    const id = this.call.emulatorCallId;
    if (step.press !== undefined) await this.people.pressKeys(id, step.press);
    else if (step.hangup) await this.people.hangUp(id);
    else if (step.speak !== undefined) {
      await this.people.waitForRecording(id);
      await this.people.speak(id, 'noise', seconds(step.speak));
    } else if (step.wait !== undefined) {
      await this.people.waitFor(`silence in ${this.scenario.name}`, async () => {
        const call = await this.people.call(id);
        return call.state === 'terminated' || (call.media.current === null && call.media.queued.length === 0);
      });
    } else if (step.join !== undefined) {
      await this.rosterSettled();
      const participantId = await this.people.joinMeeting(this.meetingId(), { user: { id: step.join, displayName: step.join } });
      this.participants.set(participantId, step.join);
    } else if (step.leave !== undefined) {
      await this.rosterSettled();
      await this.people.leaveMeeting(this.meetingId(), step.leave);
    } else if (step.expect) await this.expect(step.expect);
  }

  private meetingId(): string {
    if (!this.call.meetingId) throw new Error(`${this.scenario.name}: people join or leave a meeting, but this call joined none`);
    return this.call.meetingId;
  }

  /**
   * Someone joins or leaves when the bot is listening for it, as in the simulator, where the step
   * comes once the flow waits: the bot's leg is established (its tone subscription, sent when the
   * flow takes the established call, has been made) and no prompt plays. The engine then still
   * takes the last prompt's completion to the next state: a pause covers that step.
   */
  private async rosterSettled(): Promise<void> {
    const id = this.call.emulatorCallId;
    await this.people.waitFor(`the bot listening in ${this.scenario.name}`, async () => {
      const call = await this.people.call(id);
      const subscribed = (await this.requests()).some((e) => e.action === 'subscribeToTone');
      return call.state === 'established' && subscribed && call.media.current === null && call.media.queued.length === 0;
    });
    await new Promise((wait) => setTimeout(wait, 1500));
  }

  private async expect(expectation: Record<string, unknown>): Promise<void> {
    const [kind, value] = Object.entries(expectation)[0];
    const id = this.call.emulatorCallId;
    switch (kind) {
      case 'play': {
        const keys = (Array.isArray(value) ? value : [value]).join(',');
        // One request may carry more prompts (a recording played back, then the review menu).
        await this.nextRequest(
          `play ${keys}`,
          (e, line) => (e.action === 'playPrompt' || e.action === 'recordResponse') && `,${line.split(' ')[1]},`.includes(`,${keys},`),
        );
        return;
      }
      case 'transfer': {
        const to = value as Record<string, string>;
        const wanted = Object.entries(to)
          .filter(([k]) => k !== 'displayName')
          .map(([k, v]) => `${k}:${v}`);
        // A transfer Graph refuses (the scenario's `fail`) is the expected request; otherwise the
        // one Graph took, after any retries.
        const refused = (this.scenario as { fail?: Array<{ effect: string }> }).fail?.some((f) => f.effect === 'graph.transfer') ?? false;
        const request = await this.nextRequest(`transfer to ${wanted}`, (e, line) => e.action === 'transfer' && wanted.some((w) => line.includes(w)), {
          failed: refused,
        });
        if (request.status >= 400) return;
        // A consultative transfer reaches someone already in the consult call: nothing rings.
        if ((request.body as { transferTarget?: { replacesCallId?: string } }).transferTarget?.replacesCallId) return;
        if (this.scenario.transfers === 'refuse') await this.people.refuseTransfer(id);
        else await this.people.acceptTransfer(id);
        return;
      }
      case 'consult':
        return this.consult(value as Record<string, string>);
      case 'hangup':
        await this.nextRequest('hang-up', (e) => e.action === 'delete');
        return;
      case 'ended':
        await this.people.waitFor(`the end of ${this.scenario.name}`, async () => {
          const state = await this.stack.api<{ phase: string }>('GET', `/api/calls/${this.call.flowCallId}/state`);
          return state.body.phase === 'ended' && (await this.people.call(id)).state === 'terminated';
        });
        return;
      case 'http':
        await this.people.waitFor(`a request to ${String(value)}`, async () =>
          this.stack.services.received(this.call.flowCallId).some((r) => `https://${r.url}`.includes(String(value))),
        );
        return;
      case 'effect':
        return this.expectEffect(value as Record<string, unknown>);
      default:
        // state, variable: inside the engine, checked by `callflow test`.
        return;
    }
  }

  /**
   * The bot's consult call to a transfer target is a call of its own (its requests are in that
   * call's log): the target's phone rings, and answers or declines as the scenario's `transfers` says.
   */
  private async consult(to: Record<string, string>): Promise<void> {
    const person = Object.entries(to).find(([k]) => k !== 'displayName')?.[1];
    // Other calls may consult the same person at the same time: this call's consult call is the one
    // placed with this session's callback (`?session=<the call's id>`).
    const mine = async (callId: string) =>
      (await this.people.log(callId)).some(
        (e) =>
          e.kind === 'request' &&
          e.action === 'create' &&
          String((e.body as { callbackUri?: string })?.callbackUri).includes(`session=${this.call.flowCallId}`),
      );
    const ring = await this.people.waitFor(`the consult call to ${person} in ${this.scenario.name}`, async () => {
      for (const r of await this.people.rings({ ringing: true })) if (r.purpose === 'outgoing' && r.person === person && (await mine(r.callId))) return r;
      return undefined;
    });
    this.consultCallId = ring.callId;
    await this.people.decideRing(ring.id, this.scenario.transfers === 'refuse' ? 'decline' : 'accept');
  }

  private async expectEffect(effect: Record<string, unknown>): Promise<void> {
    const { type, ...fields } = effect;
    if (type === 'http.request') {
      // Recording locations and tokens are the simulator's (`sim://…`); on the wire they are the emulator's.
      const body = JSON.parse(
        JSON.stringify(fields.body ?? {}, (_key, value: unknown) => (typeof value === 'string' && /^sim(:\/\/|-token)/.test(value) ? undefined : value)),
      ) as unknown;
      await this.people.waitFor(`a service request like ${JSON.stringify(fields)}`, async () =>
        this.stack.services.received(this.call.flowCallId).some((r) => contains(r.body, body) && (!fields.url || `https://${r.url}` === fields.url)),
      );
      return;
    }
    const action = {
      'graph.recordResponse': 'recordResponse',
      'graph.playPrompt': 'playPrompt',
      'graph.invite': 'invite',
      'graph.createCall': 'create',
      'graph.joinMeeting': 'create',
      'graph.reject': 'reject',
      'graph.redirect': 'redirect',
      'graph.mute': 'mute',
      'graph.unmute': 'unmute',
      'graph.sendDtmfTones': 'sendDtmfTones',
      'graph.muteParticipant': 'participantMute',
      'graph.removeParticipant': 'removeParticipant',
    }[String(type)];
    // A participant is named as the scenario's `join` named them: the request's path carries their id.
    const participant = typeof fields.participantId === 'string' ? fields.participantId : undefined;
    if (action && participant) {
      await this.nextRequest(
        `${String(type)} of ${participant}`,
        (e) => e.action === action && this.participants.get(participantIdIn(e.path)) === participant,
        {
          advance: false,
        },
      );
      return;
    }
    // An effect names a request a later `play` may name too: the cursor stays.
    if (action)
      await this.nextRequest(
        String(type),
        (e, line) => e.action === action && (type !== 'graph.playPrompt' || !fields.recording || line.includes('<recording>')),
        { advance: false },
      );
    if (type === 'graph.redirect') {
      // Graph drops the bot once a target took the call: wait for the emulator's record of who did.
      const keys = (fields.targets as Array<Record<string, string>>).map((t) => t.phone ?? t.user ?? t.application);
      await this.people.waitForLog(
        this.call.emulatorCallId,
        `the redirect taken by one of ${keys.join(', ')}`,
        (e) => e.kind === 'event' && e.event === 'redirected' && keys.includes(String((e.detail as { to?: unknown }).to)),
      );
    }
    if (type === 'graph.invite') {
      const ring = await this.people.waitForRing({ callId: this.call.emulatorCallId, purpose: 'invite' });
      await this.people.decideRing(ring.id, this.scenario.transfers === 'refuse' ? 'decline' : 'accept');
    }
  }
}

/** Whether `actual` has every field of `expected` (recursively; arrays element by element). */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
}
