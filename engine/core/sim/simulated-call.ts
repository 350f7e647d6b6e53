/**
 * A call in a simulated world with a simulated clock: the flow's effects get the answers Graph
 * would give (answer → established, play → completed after the prompt's length, transfer →
 * accepted, …), timers fire when the clock passes them, and the caller presses keys, speaks or
 * hangs up. Runs the real stepper, so `callflow test`, the block tests and the editor's
 * simulator exercise exactly what the server runs. Pure: no I/O, runs in Node and the browser.
 */
import type { CompiledFlow } from '../compile.ts';
import { start, step, type FlowLookup } from '../step.ts';
import type { CallRecord, Effect, EngineEvent, Json, StartInput, TraceEntry } from '../types.ts';
import { rosterIn, worldReaction, type WorldOptions, type Scheduled } from './world.ts';

export interface SimulatedCallOptions extends WorldOptions {
  compiled: CompiledFlow;
  /** Resolves pinned versions; defaults to the compiled flow itself. */
  lookup?: FlowLookup;
  /** Clock start, ms since the epoch. */
  startAt: number;
}

export interface SimLogEntry {
  at: number;
  kind: 'event' | 'effect' | 'caller' | 'error';
  detail: Json;
}

export class SimulatedCall {
  now: number;
  record: CallRecord | undefined;
  readonly effects: Effect[] = [];
  readonly trace: TraceEntry[] = [];
  readonly log: SimLogEntry[] = [];
  /** The call leg is gone (caller or bot hung up, transfer completed). */
  terminated = false;
  private agenda: Scheduled[] = [];
  private sequence = 0;
  private readonly lookup: FlowLookup;
  /** Per-call world state the reactions share (pending media, speech, counters). */
  readonly world: Record<string, unknown> = {};

  constructor(private readonly options: SimulatedCallOptions) {
    this.now = options.startAt;
    this.lookup =
      options.lookup ?? ((flowId, version) => (flowId === options.compiled.flowId && version === options.compiled.version ? options.compiled : undefined));
  }

  /** The caller dials in (or the bot's outbound call starts): starts the flow and settles. */
  start(input: StartInput): this {
    const result = start(this.options.compiled, input, { now: this.now });
    this.absorb(result);
    this.settle();
    return this;
  }

  /** The caller presses keys, one tone event each, letting the flow react between keys; or the person on call leg `leg`. */
  press(digits: string, leg?: string): this {
    if (leg) return this.pressOnLeg(digits, leg);
    for (const digit of digits) {
      this.log.push({ at: this.now, kind: 'caller', detail: { press: digit } });
      if (this.terminated) throw new Error(`cannot press ${digit}: the call has ended`);
      const recording = this.agenda.find((item) => item.media === 'record');
      const stopped = recording?.stopTone?.(this.now, digit);
      if (recording && stopped) {
        this.agenda = this.agenda.filter((item) => item !== recording);
        this.schedule(stopped);
      }
      this.deliver({ type: 'tone', digit });
      this.settle();
    }
    return this;
  }

  private pressOnLeg(digits: string, leg: string): this {
    for (const digit of digits) {
      this.log.push({ at: this.now, kind: 'caller', detail: { press: digit, leg } });
      if (this.world.legsGone && (this.world.legsGone as string[]).includes(leg)) throw new Error(`cannot press ${digit} on leg '${leg}': that call has ended`);
      this.deliver({ type: 'leg.tone', leg, digit });
      this.settle();
    }
    return this;
  }

  /** The caller hangs up. */
  hangup(): this {
    this.log.push({ at: this.now, kind: 'caller', detail: { hangup: true } });
    if (!this.terminated) {
      this.terminated = true;
      this.agenda = this.agenda.filter((item) => item.timer);
      this.deliver({ type: 'call.terminated', code: 0, subcode: 5010, reason: 'callerHungUp' });
    }
    this.settle();
    return this;
  }

  /** Someone joins the bot's group call or meeting, with this participant id (a roster notification). */
  join(participantId: string): this {
    return this.rosterChange(participantId, true);
  }

  /** Someone leaves the bot's group call or meeting. */
  leave(participantId: string): this {
    return this.rosterChange(participantId, false);
  }

  private rosterChange(participantId: string, joins: boolean): this {
    this.log.push({ at: this.now, kind: 'caller', detail: joins ? { join: participantId } : { leave: participantId } });
    if (this.terminated) throw new Error(`${participantId} cannot ${joins ? 'join' : 'leave'}: the call has ended`);
    const roster = rosterIn(this.world);
    if (joins === roster.includes(participantId)) throw new Error(`${participantId} is ${joins ? 'already in' : 'not in'} the call`);
    this.world.roster = joins ? [...roster, participantId] : roster.filter((id) => id !== participantId);
    this.deliver({ type: 'participants.updated', joined: joins ? [participantId] : [], left: joins ? [] : [participantId] });
    this.settle();
    return this;
  }

  /** The caller speaks for `ms` into a running recording. */
  speak(ms: number): this {
    this.log.push({ at: this.now, kind: 'caller', detail: { speak: ms } });
    this.world.speech = { from: this.now, ms };
    const recording = this.agenda.find((item) => item.media === 'record');
    if (recording?.reschedule) {
      this.agenda = this.agenda.filter((item) => item !== recording);
      this.schedule(recording.reschedule(this.now, ms));
    }
    this.settle();
    return this;
  }

  /** Moves the clock forward by `ms`, delivering everything that comes due on the way. */
  advance(ms: number): this {
    const until = this.now + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.at > until) break;
      this.runDue(next);
    }
    this.now = until;
    return this;
  }

  /** Moves the clock to the next pending timer or completion, if any. Returns false when idle. */
  advanceToNext(): boolean {
    const next = this.nextDue();
    if (!next) return false;
    this.runDue(next);
    this.settle();
    return true;
  }

  /**
   * Lets Graph's side catch up: delivers the earliest pending item if it is a world answer
   * (completion, established, transfer accepted), not a flow timer. Flow timers wait for the
   * caller, so only an explicit wait fires them. Returns false when nothing was delivered.
   */
  advanceWorld(): boolean {
    const next = this.nextDue();
    if (!next || next.timer) return false;
    this.runDue(next);
    this.settle();
    return true;
  }

  /** Pending timers and world events, earliest first (for the editor's time controls). */
  pending(): Array<{ at: number; label: string }> {
    return [...this.agenda].sort(byDue).map((item) => ({ at: item.at, label: item.label }));
  }

  get done(): boolean {
    return this.record?.status !== 'active';
  }

  private settle(): void {
    for (;;) {
      const next = this.nextDue();
      if (!next || next.at > this.now) return;
      this.runDue(next);
    }
  }

  private nextDue(): Scheduled | undefined {
    return this.agenda.length ? [...this.agenda].sort(byDue)[0] : undefined;
  }

  private runDue(item: Scheduled): void {
    this.agenda = this.agenda.filter((other) => other !== item);
    this.now = Math.max(this.now, item.at);
    if (item.terminates) this.terminated = true;
    if (item.event.type === 'leg.terminated') this.world.legsGone = [...((this.world.legsGone as string[]) ?? []), String(item.event.leg)];
    this.deliver(item.event);
  }

  private deliver(event: EngineEvent): void {
    if (!this.record || this.record.status !== 'active') return;
    this.log.push({ at: this.now, kind: 'event', detail: event as Json });
    this.absorb(step(this.record, event, { lookup: this.lookup, now: this.now }));
  }

  private absorb(result: { record: CallRecord; effects: Effect[]; trace: TraceEntry[] }): void {
    this.record = result.record;
    this.trace.push(...result.trace);
    for (const effect of result.effects) {
      this.effects.push(effect);
      this.log.push({ at: this.now, kind: 'effect', detail: effect as Json });
      this.react(effect);
    }
  }

  private react(effect: Effect): void {
    if (effect.type === 'timer.set') {
      this.agenda = this.agenda.filter((item) => item.timerId !== effect.id);
      this.schedule({ at: Number(effect.dueAt), event: effect.event as EngineEvent, label: `timer ${effect.id}`, timer: true, timerId: String(effect.id) });
      return;
    }
    if (effect.type === 'timer.cancel') {
      this.agenda = this.agenda.filter((item) => item.timerId !== effect.id);
      return;
    }
    // The call is gone: Graph would answer 404 (a leg is a call of its own, which the main call's end does not end).
    if (this.terminated && effect.type.startsWith('graph.') && !effect.leg) return;
    const reaction = worldReaction(effect, this.now, this.options, this.world, this.agenda);
    if (reaction.cancel) this.agenda = this.agenda.filter((item) => !reaction.cancel!(item));
    for (const item of reaction.schedule) this.schedule(item);
  }

  private schedule(item: Scheduled): void {
    this.agenda.push({ ...item, seq: this.sequence++ });
  }
}

function byDue(a: Scheduled, b: Scheduled): number {
  return a.at - b.at || (a.seq ?? 0) - (b.seq ?? 0);
}
