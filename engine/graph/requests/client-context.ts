/**
 * clientContext on the wire. The flow's operation ids (`<state path>#<visit>.<attempt>`) fit
 * Graph's 256 characters unless subflows nest deeply; a longer one is shortened to a prefix plus a
 * hash, and the pending operation remembers both so the completion maps back.
 */
import { createHash } from 'node:crypto';
import { CLIENT_CONTEXT_LIMIT } from './types.ts';

export function wireClientContext(clientContext: string): string {
  if (clientContext.length <= CLIENT_CONTEXT_LIMIT) return clientContext;
  const hash = createHash('sha256').update(clientContext).digest('hex').slice(0, 32);
  return `${clientContext.slice(0, CLIENT_CONTEXT_LIMIT - hash.length - 1)}~${hash}`;
}

/** The effect's clientContext as sent, or undefined when it has none. */
export function contextOf(effect: Record<string, unknown>): string | undefined {
  return typeof effect.clientContext === 'string' && effect.clientContext ? wireClientContext(effect.clientContext) : undefined;
}

/**
 * Whether an operation of the flow went out under the wire clientContext `wire`: as is, or
 * shortened. Computed as well as read from `wireContext`, so an operation known only from the
 * call's record (a prompt parked in doubt) maps back too.
 */
export function sentAs(operation: { clientContext: string; wireContext?: string }, wire: string): boolean {
  return operation.clientContext === wire || operation.wireContext === wire || wireClientContext(operation.clientContext) === wire;
}
