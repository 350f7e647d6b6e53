/**
 * Which call the running code works for, so every log line about a call carries the call's
 * correlation without any call site naming it: the session id, Graph's call id, and Graph's
 * correlation ids (`X-Microsoft-Skype-Chain-ID` and the scenario id). Work for one call runs inside
 * `inCallContext` (the per-call queues do it); whatever reads or commits the call's session fills in
 * what it knows (`noteSession`), and the logger's mixin (logger.ts) adds the fields to each line.
 * AsyncLocalStorage carries the context through every await of that work.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallSession } from './types.ts';

/** The fields every log line about a call carries (those known so far). */
interface CallLogFields {
  sessionId: string;
  /** Graph's id of the call leg (the session id for incoming calls); absent until Graph gave one. */
  callId?: string;
  /** Graph's `X-Microsoft-Skype-Chain-ID` of the call. */
  chainId?: string;
  /** The scenario id sent on the call's Graph requests (`Scenario-Id`), Graph's for incoming calls. */
  scenarioId?: string;
}

const current = new AsyncLocalStorage<CallLogFields>();

/** Runs `work` as work for the call `sessionId` (in the same context when already inside it). */
export function inCallContext<T>(sessionId: string, work: () => T): T {
  if (current.getStore()?.sessionId === sessionId) return work();
  return current.run({ sessionId }, work);
}

/** Tells the running call's context what its session knows (ignored for another call's session). */
export function noteSession(session: Pick<CallSession, 'id' | 'graphCallId' | 'correlation'>): void {
  noteCall(session.id, { callId: session.graphCallId, chainId: session.correlation?.chainId, scenarioId: session.correlation?.scenarioId });
}

/** Adds what became known about the call `sessionId` (Graph's answer gave its id or chain id). */
export function noteCall(sessionId: string, fields: Omit<CallLogFields, 'sessionId'>): void {
  const store = current.getStore();
  if (store?.sessionId !== sessionId) return;
  for (const [name, value] of Object.entries(fields) as Array<[keyof CallLogFields, string | undefined]>) if (value) store[name] = value;
}

/** The running call's fields, a fresh object each time (pino merges the log line into it); {} outside any call. */
export function callLogFields(): Partial<CallLogFields> {
  const store = current.getStore();
  return store ? { ...store } : {};
}

/** The fields of `session`, with what the running context knows besides (Graph's answer not yet committed). */
export function fieldsOf(session: Pick<CallSession, 'id' | 'graphCallId' | 'correlation'>): CallLogFields {
  const known = current.getStore()?.sessionId === session.id ? current.getStore() : undefined;
  const fields: CallLogFields = { ...known, sessionId: session.id };
  const callId = session.graphCallId ?? known?.callId;
  const chainId = session.correlation?.chainId ?? known?.chainId;
  const scenarioId = session.correlation?.scenarioId ?? known?.scenarioId;
  if (callId) fields.callId = callId;
  if (chainId) fields.chainId = chainId;
  if (scenarioId) fields.scenarioId = scenarioId;
  return fields;
}
