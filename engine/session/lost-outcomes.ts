/**
 * Outcomes lost while no engine ran. Graph sends an operation's completion once; one sent while
 * every engine was down reached nobody. For each operation of a call that was sent before this
 * process started, the engine asks Graph (`GET …/operations/{id}`, which is not in the API
 * reference's route table and may answer 404) and, whatever Graph answers, arms a durable timer at
 * the time the operation should have ended. If no outcome has come by then, the timer delivers the
 * outcome the catalogue says to assume (engine/core/effects.ts `whenOutcomeLost`): a prompt has
 * finished, a recording is lost. An outcome that does come first settles the operation, and the
 * timer's is then dropped as a duplicate, so nothing is applied twice.
 */
import { specOfOperation } from '../core/effects.ts';
import type { EngineEvent } from '../core/types.ts';
import type { EffectRunner } from './effect-runner.ts';
import { engineTimer } from './engine-timers.ts';
import type { SessionDeps } from './session-deps.ts';
import { retryRefused, type StepCommitter } from './step-commit.ts';
import type { PendingOperation, TimerRow } from './types.ts';

/** Timer ids: the prefix, then the operation's clientContext. */
export const LOST_OUTCOME_TIMER = '$lost:';
/** Added to the expected length: Graph's notification takes a moment to arrive and be stored. */
const MARGIN_MS = 3_000;
/** Without a known length: a prompt or tones. */
const UNKNOWN_LENGTH_MS = 30_000;
/** An outcome that carries an answer may take as long as a ring: Graph gives up ringing after at most 115 s. */
const ANSWER_WAIT_MS = 120_000;

export class LostOutcomes {
  /** When this process started: operations sent before it may have finished while no engine listened. */
  private readonly startedAt: number;
  /** Calls whose earlier operations this process has taken care of (once each). */
  private readonly handled = new Set<string>();

  constructor(
    private readonly deps: SessionDeps,
    private readonly runner: EffectRunner,
    private readonly committer: StepCommitter,
  ) {
    this.startedAt = deps.clock.now();
  }

  /** For a call this process just took: asks Graph about earlier operations and arms their deadlines. */
  async recover(sessionId: string): Promise<void> {
    const earlier = (await this.deps.store.pending(sessionId)).filter(
      (operation) => operation.sentAt < this.startedAt && !this.handled.has(`${sessionId}|${operation.clientContext}`),
    );
    if (!earlier.length) return;
    for (const operation of earlier) {
      this.handled.add(`${sessionId}|${operation.clientContext}`);
      if (operation.operationId)
        this.runner.query(sessionId, {
          type: 'graph.getOperation',
          operationId: operation.operationId,
          operationKind: operation.kind,
          clientContext: operation.clientContext,
          // An operation of a call leg is asked about on that leg's call.
          ...(operation.leg ? { leg: operation.leg } : {}),
        });
    }
    const timers = earlier.map((operation) => this.deadline(sessionId, operation)).filter((timer): timer is TimerRow => timer !== undefined);
    if (!timers.length) return;
    await retryRefused(async () => {
      const session = await this.deps.store.get(sessionId);
      if (!session || session.phase === 'ended') return;
      const now = this.deps.clock.now();
      const trace = timers.map((timer) => ({
        at: now,
        kind: 'session',
        action: 'awaitingLostOutcome',
        clientContext: (timer.event as { clientContext?: unknown }).clientContext,
        dueAt: timer.dueAt,
      }));
      await this.committer.commit(session, session, { setTimers: timers, trace });
    });
  }

  /** The timer that delivers the assumed outcome of `operation`, when the catalogue names one. */
  private deadline(sessionId: string, operation: PendingOperation): TimerRow | undefined {
    const assumed = specOfOperation(operation.kind)?.whenOutcomeLost;
    if (!assumed) return undefined;
    const waitMs = operation.expectedMs ?? (assumed === 'failed' ? ANSWER_WAIT_MS : UNKNOWN_LENGTH_MS);
    const dueAt = Math.max(this.deps.clock.now(), operation.sentAt + waitMs + MARGIN_MS);
    const event: EngineEvent = {
      type: assumed === 'completed' ? 'operation.completed' : 'operation.failed',
      kind: operation.kind,
      clientContext: operation.clientContext,
      result: {
        code: assumed === 'completed' ? 200 : 500,
        subcode: 0,
        message: `its outcome was lost while no engine ran; ${assumed === 'completed' ? 'taken as finished' : 'taken as failed'} after its expected length`,
      },
    };
    return { ...engineTimer(sessionId, `${LOST_OUTCOME_TIMER}${operation.clientContext}`, dueAt, event.type), event };
  }
}
