/**
 * Records the Graph call ids a session learns from Graph's answers: the id of a call the engine
 * placed, of a call leg (engine/core/legs.ts) and of a consult call. Each is linked in the store, so
 * notifications found by that id reach the session, and committed on the session's record with a
 * trace entry, serialized with the call's events so a notification waiting for the link sees it.
 */
import type { KeyedQueue } from './keyed-queue.ts';
import type { SessionDeps } from './session-deps.ts';
import { retryRefused, type StepCommitter } from './step-commit.ts';

export class GraphCallLinks {
  constructor(
    private readonly deps: SessionDeps,
    private readonly events: KeyedQueue,
    private readonly committer: StepCommitter,
  ) {}

  /** Records Graph's id for a call the engine placed (serialized with the call's events). */
  graphCall(sessionId: string, graphCallId: string, chainId?: string, myParticipantId?: string): Promise<void> {
    return this.events.run(sessionId, () =>
      retryRefused(async () => {
        const session = await this.deps.store.get(sessionId);
        if (!session) return;
        await this.deps.store.link(graphCallId, sessionId);
        const correlation =
          chainId && session.correlation && chainId !== session.correlation.chainId ? { ...session.correlation, chainId } : session.correlation;
        // The bot's own participant, so the roster leaves it out (the translator keeps it in its memory).
        const remember = myParticipantId && this.deps.translator.withOwnParticipant;
        const notificationMemory = remember
          ? this.deps.translator.withOwnParticipant!(session.notificationMemory, myParticipantId)
          : session.notificationMemory;
        if (session.graphCallId === graphCallId && correlation === session.correlation && !remember) return;
        const trace = [
          { at: this.deps.clock.now(), kind: 'session', action: 'linked', graphCallId, ...(correlation?.chainId ? { chainId: correlation.chainId } : {}) },
        ];
        const linked = { ...session, updatedAt: this.deps.clock.now(), graphCallId, ...(correlation ? { correlation } : {}) };
        await this.committer.commit(session, notificationMemory === undefined ? linked : { ...linked, notificationMemory }, { trace });
      }),
    );
  }

  /**
   * Records Graph's id for a call leg of the session (engine/core/legs.ts): linked so that its
   * notifications, found by that id, reach the session, and kept on the leg so they are told apart
   * from the main call's and so effects on the leg name it.
   */
  leg(sessionId: string, leg: string, graphCallId: string): Promise<void> {
    return this.events.run(sessionId, () =>
      retryRefused(async () => {
        const session = await this.deps.store.get(sessionId);
        if (!session) return;
        await this.deps.store.link(graphCallId, sessionId);
        const known = session.legs?.[leg];
        if (known?.graphCallId === graphCallId) return;
        const trace = [{ at: this.deps.clock.now(), kind: 'session', action: 'linked', graphCallId, leg }];
        const legs = { ...session.legs, [leg]: { ...known, state: known?.state ?? 'connecting', graphCallId } };
        await this.committer.commit(session, { ...session, updatedAt: this.deps.clock.now(), legs }, { trace });
      }),
    );
  }

  /**
   * Records Graph's id for the session's consult call (consultative transfer): linked to the session
   * so its notifications, found by that id, reach it; kept on the session so they are told apart from
   * the caller's call and so the transfer can name it as `replacesCallId`.
   */
  consultCall(sessionId: string, consultCallId: string): Promise<void> {
    return this.events.run(sessionId, () =>
      retryRefused(async () => {
        const session = await this.deps.store.get(sessionId);
        if (!session) return;
        await this.deps.store.link(consultCallId, sessionId);
        if (session.consultCallId === consultCallId) return;
        const trace = [{ at: this.deps.clock.now(), kind: 'session', action: 'linked', graphCallId: consultCallId, consult: true }];
        await this.committer.commit(session, { ...session, updatedAt: this.deps.clock.now(), consultCallId }, { trace });
      }),
    );
  }
}
