/**
 * Everything that happened to a call, in order: the Graph requests the bot made (with the
 * emulator's answers), the notifications sent (with the bot's HTTP answer), state changes, media
 * events and what the simulated people did. Tests assert on it through the people API.
 */

/** A Graph request the bot made and what the emulator answered. */
export interface RequestEntry {
  kind: 'request';
  method: string;
  path: string;
  /** `create`, `get`, `delete`, `participants`, or the canonical action name (`playPrompt`, …). */
  action: string;
  body: unknown;
  status: number;
  response: unknown;
  requestId: string;
  clientRequestId?: string;
  scenarioId?: string;
  /** The request's X-Microsoft-Skype-Chain-ID header. */
  chainId?: string;
}

/** A notification POST and the bot's answer. */
export interface NotificationEntry {
  kind: 'notification';
  messageId: string;
  url: string;
  /** `graph`, or `legacy` for the legacy-format first notification. */
  format: 'graph' | 'legacy';
  changeType: string;
  resourceUrl: string;
  body: unknown;
  status?: number;
  response?: string;
  error?: string;
  durationMs: number;
  attempt: number;
  duplicate: boolean;
}

/** A state change of the call. */
export interface StateEntry {
  kind: 'state';
  from: string;
  to: string;
  reason?: string;
}

/** A media or roster event (prompt started, recording listening, tone heard, …). */
export interface EventEntry {
  kind: 'event';
  event: string;
  detail?: Record<string, unknown>;
}

/** Something a simulated person did. */
export interface PersonEntry {
  kind: 'person';
  action: string;
  detail?: Record<string, unknown>;
}

/** One line of a call log; `t` is emulated milliseconds since the emulator started. */
export type CallLogEntry = (RequestEntry | NotificationEntry | StateEntry | EventEntry | PersonEntry) & { seq: number; at: string; t: number };

type Distribute<T> = T extends unknown ? Omit<T, 'seq' | 'at' | 't'> : never;

/** The log of one call. */
export class CallLog {
  private readonly lines: CallLogEntry[] = [];
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** Appends an entry and returns it. */
  add(entry: Distribute<CallLogEntry>): CallLogEntry {
    const line = { ...entry, seq: ++this.seq, at: new Date().toISOString(), t: Math.round(this.now()) } as CallLogEntry;
    this.lines.push(line);
    return line;
  }

  /** All entries in order. */
  entries(): CallLogEntry[] {
    return [...this.lines];
  }
}
