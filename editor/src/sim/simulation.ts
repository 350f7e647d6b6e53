/**
 * One simulated call in the browser: the flow compiled by the same `compile` the engine uses and
 * run by the same stepper against the same simulated world as `callflow test`, with a clock the
 * user drives (real time, or step by step to the next event).
 */
import { type CompiledFlow, type FlowResolver } from '../../../engine/core/compile.ts';
import { contentHash } from '../../../engine/core/hash.ts';
import { compile, formatFlow } from '../../../engine/blocks/language.ts';
import { currentState } from '../../../engine/core/sim/scenario.ts';
import { SimulatedCall } from '../../../engine/core/sim/simulated-call.ts';
import type { HttpMock, WorldOptions } from '../../../engine/core/sim/world.ts';
import type { FlowDocument, Json } from '../../../engine/core/types.ts';
import type { FlowContext } from '../../../engine/core/flow-context.ts';
import { callPath, type CallPath } from './call-path.ts';

export interface Caller {
  phone?: string;
  user?: string;
  displayName?: string;
}

export interface SimulationSetup {
  flow: FlowDocument;
  subflows: Map<string, FlowDocument>;
  caller: Caller;
  transfers: 'accept' | 'refuse';
  promptDurations: Map<string, number>;
  /** When the call starts (ms since the epoch): schedules depend on it. Default: now. */
  startAt?: number;
  /** Start values of the flow's variables, as a route would pass them. */
  vars?: Record<string, Json>;
  /** Answers to the flow's web requests; a request without one fails, as an unreachable service would. */
  http?: HttpMock[];
}

const loaded = (flow: FlowDocument) => ({ flow, hash: contentHash(formatFlow(flow)) });

export class Simulation {
  readonly compiled: CompiledFlow;
  readonly call: SimulatedCall;
  readonly startedAt: number;
  readonly world: WorldOptions;

  /** A new call; or, with `resume`, a call a test already took this far (opened from the Tests panel). */
  constructor(
    readonly setup: SimulationSetup,
    resume?: { compiled: CompiledFlow; call: SimulatedCall; startedAt: number },
  ) {
    const resolve: FlowResolver = (id) => (setup.subflows.has(id) ? loaded(setup.subflows.get(id)!) : undefined);
    this.compiled = resume?.compiled ?? compile(loaded(setup.flow), resolve);
    this.startedAt = resume?.startedAt ?? setup.startAt ?? Math.floor(Date.now() / 1000) * 1000;
    this.world = {
      transfers: setup.transfers,
      promptDurationMs: (prompt) => (prompt.file !== undefined ? setup.promptDurations.get(prompt.file) : undefined) ?? Math.max(500, prompt.text.length * 70),
      ...(setup.http ? { http: setup.http } : {}),
    };
    if (resume) {
      this.call = resume.call;
      return;
    }
    this.call = new SimulatedCall({ compiled: this.compiled, startAt: this.startedAt, ...this.world });
    const { caller } = setup;
    this.call.start({
      call: { id: 'simulated-call', direction: 'incoming' },
      caller: {
        ...(caller.phone ? { phone: caller.phone } : {}),
        ...(caller.user ? { userId: caller.user } : {}),
        ...(caller.displayName ? { displayName: caller.displayName } : {}),
      },
      ...(setup.vars && Object.keys(setup.vars).length ? { vars: setup.vars } : {}),
    });
  }

  /** The states the call went through and the ports it left by. */
  get path(): CallPath {
    return callPath(this.call.trace);
  }

  get ended(): boolean {
    return this.call.done || this.call.terminated;
  }

  /** The flow state the call is in, or ended in (a hang-up state is final); undefined in the engine's own states. */
  get state(): string | undefined {
    const state = currentState(this.call);
    return this.setup.flow.states[state] ? state : undefined;
  }

  get vars(): Record<string, Json> {
    return ((this.call.record?.snapshot as { context?: FlowContext })?.context?.vars ?? {}) as Record<string, Json>;
  }

  get elapsedMs(): number {
    return this.call.now - this.startedAt;
  }

  /** What happens next and when, for the "skip" button. */
  get next(): { at: number; label: string } | undefined {
    return this.ended && !this.call.pending().length ? undefined : this.call.pending()[0];
  }

  press(digit: string): void {
    if (!this.call.terminated) this.call.press(digit);
  }

  hangup(): void {
    this.call.hangup();
  }

  speak(ms: number): void {
    if (!this.call.terminated) this.call.speak(ms);
  }

  /** Someone joins the simulated group call or meeting (the name stands for their participant id). */
  join(name: string): void {
    if (!this.call.terminated) this.call.join(name);
  }

  leave(name: string): void {
    if (!this.call.terminated) this.call.leave(name);
  }

  advance(ms: number): void {
    this.call.advance(ms);
  }

  skipToNext(): boolean {
    return this.call.advanceToNext();
  }
}
