/**
 * Flow operations as the session layer tracks them: an operation event names the operation by its
 * kind and clientContext, and a settled one is remembered by both (one flow operation id can name
 * two Graph operations, e.g. the play a menu's key press cancels and the cancel itself).
 */
import type { EngineEvent } from '../core/types.ts';

export function isOperationEvent(event: EngineEvent): boolean {
  return event.type === 'operation.completed' || event.type === 'operation.failed';
}

/** How a settled operation is remembered in the call's record. */
export function settleKeyOf(kind: string, clientContext: string): string {
  return `${kind}|${clientContext}`;
}
