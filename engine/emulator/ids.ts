/**
 * Identifiers the emulator hands out. Random GUIDs by default, like the real service; with
 * `deterministicIds` they are counters in GUID form whose first group names the kind
 * (`ca110000-…-000000000001` is the first call), so tests and logs are reproducible.
 */
import { randomUUID } from 'node:crypto';

/** What an identifier names; each kind counts separately in deterministic mode. */
export type IdKind = 'call' | 'operation' | 'participant' | 'chain' | 'scenario' | 'message' | 'request' | 'recording' | 'ring' | 'meeting' | 'person';

const PREFIX: Record<IdKind, string> = {
  call: 'ca110000',
  operation: '0be10000',
  participant: 'ba770000',
  chain: 'c4a10000',
  scenario: '5ce40000',
  message: '3e550000',
  request: '4e9e0000',
  recording: '4ec00000',
  ring: '41e90000',
  meeting: '3ee70000',
  person: 'be450000',
};

/** Hands out ids of every kind. */
export class IdSource {
  private readonly counters = new Map<IdKind, number>();

  constructor(private readonly deterministic = false) {}

  /** A new id of the given kind. */
  next(kind: IdKind): string {
    if (!this.deterministic) return randomUUID();
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${PREFIX[kind]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}
