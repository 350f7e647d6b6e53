/**
 * Fault injection: failures the real service produces now and then, on demand, globally or for
 * one call. HTTP faults answer a Graph request with an error instead of processing it (429 with
 * Retry-After, 500, 503, …); notification faults change how notifications reach the bot
 * (delayed, duplicated, reordered, PascalCase enums, string result codes, the legacy-format first
 * notification, resourceData without id).
 */

/** Answers matching Graph requests with an error status instead of processing them. */
export interface HttpFault {
  status: number;
  /** Sent as `Retry-After` (seconds, may be fractional like the real `2.128`); not scaled by the clock. */
  retryAfterSeconds?: number;
  /** Which requests: every one when omitted. `action` is `create`, `get`, `delete`, `participants`, or an action name. */
  match?: { method?: string; action?: string; callId?: string };
  /** How many matching requests get the fault (default 1), or `always`. */
  times?: number | 'always';
}

/** Changes how notifications are delivered. */
export interface NotificationFaults {
  /** Emulated milliseconds to wait before each POST. */
  delayMs?: number;
  /** POST every notification twice (new message id, same body). */
  duplicate?: boolean;
  /** Deliver each notification after the one that follows it (pairs swap). */
  reorder?: boolean;
  /** `"Established"`, `"Updated"`, `"Completed"`… as some real payloads spell them. */
  pascalCaseEnums?: boolean;
  /** resultInfo `code`/`subcode` as strings (`"200"`), as in the GC delete example. */
  stringResultCodes?: boolean;
  /** The first notification of an incoming call in the legacy format (graph-calls.md §4.3). */
  legacyFirstNotification?: boolean;
  /** Drop `id` from resourceData (the bot must read the call id from resourceUrl). */
  omitResourceDataId?: boolean;
}

/** Global or per-call fault rules. */
export interface FaultRules {
  http?: HttpFault[];
  notifications?: NotificationFaults;
}

/** What a Graph request looks like to the fault matcher. */
export interface RequestSignature {
  method: string;
  action: string;
  callId?: string;
}

interface ArmedFault {
  fault: HttpFault;
  remaining: number;
}

function arm(rules: FaultRules | undefined): ArmedFault[] {
  return (rules?.http ?? []).map((fault) => ({ fault, remaining: fault.times === 'always' ? Infinity : (fault.times ?? 1) }));
}

function matches(fault: HttpFault, request: RequestSignature): boolean {
  const m = fault.match ?? {};
  return (
    (!m.method || m.method.toUpperCase() === request.method.toUpperCase()) &&
    (!m.action || m.action.toLowerCase() === request.action.toLowerCase()) &&
    (!m.callId || m.callId === request.callId)
  );
}

/** Holds the global and per-call fault rules and decides what each request or notification gets. */
export class FaultBook {
  private global: { http: ArmedFault[]; notifications: NotificationFaults } = { http: [], notifications: {} };
  private readonly perCall = new Map<string, { http: ArmedFault[]; notifications: NotificationFaults }>();

  constructor(rules?: FaultRules) {
    this.setGlobal(rules ?? {});
  }

  /** Replaces the global rules. */
  setGlobal(rules: FaultRules): void {
    this.global = { http: arm(rules), notifications: { ...rules.notifications } };
  }

  /** Replaces the rules of one call (they apply on top of the global ones). */
  setForCall(callId: string, rules: FaultRules): void {
    this.perCall.set(callId, { http: arm(rules), notifications: { ...rules.notifications } });
  }

  /** The fault a request gets, if any (consumes one use of it). Per-call rules come first. */
  takeHttpFault(request: RequestSignature): HttpFault | undefined {
    const candidates = [...(request.callId ? (this.perCall.get(request.callId)?.http ?? []) : []), ...this.global.http];
    const armed = candidates.find((a) => a.remaining > 0 && matches(a.fault, request));
    if (!armed) return undefined;
    armed.remaining -= 1;
    return armed.fault;
  }

  /** The notification faults in force for a call. */
  notificationFaults(callId: string): NotificationFaults {
    return { ...this.global.notifications, ...this.perCall.get(callId)?.notifications };
  }

  /** The rules as configured, for the people API. */
  describe(callId?: string): FaultRules {
    const source = callId ? this.perCall.get(callId) : this.global;
    return {
      http: (source?.http ?? []).map((a) => ({ ...a.fault, times: a.remaining === Infinity ? 'always' : a.remaining })),
      notifications: { ...source?.notifications },
    };
  }
}
