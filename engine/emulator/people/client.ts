/**
 * Typed client of the simulated-people API, for tests and tools: place calls to a bot, press keys,
 * speak, hang up, accept or refuse rings (transfers, invites, the bot's own calls), run meetings,
 * inject faults and read call logs — plus `waitFor…` helpers that poll until something happened.
 * It speaks HTTPS with the emulator's CA passed in, so it works without NODE_EXTRA_CA_CERTS.
 */
import https from 'node:https';
import type { CallLogEntry } from '../call-log.ts';
import type { FaultRules } from '../faults.ts';
import type { Person } from '../model/people.ts';
import type { CallSummary, Caller, MeetingRequest, MeetingSummary, PersonUpdate, PlaceCallRequest, RingSummary, UserSummary } from './types.ts';

/** Options of the client. */
export interface EmulatorClientOptions {
  /** The emulator CA (PEM); when omitted, Node's trust store (NODE_EXTRA_CA_CERTS) is used. */
  ca?: string;
  /** Real milliseconds between polls of the waitFor helpers. */
  pollMs?: number;
  /** Real milliseconds the waitFor helpers wait before failing. */
  timeoutMs?: number;
}

/** An error answer of the people API. */
export class EmulatorApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * @example
 * const people = new EmulatorClient(emulator.urls.base, { ca: readFileSync(emulator.caPath, 'utf8') });
 * const call = await people.placeCall({ from: { user: { id: 'alice', displayName: 'Alice' } } });
 * await people.waitForState(call.id, 'established');
 * await people.pressKeys(call.id, '1');
 */
export class EmulatorClient {
  private readonly agent: https.Agent;

  constructor(
    readonly baseUrl: string,
    private readonly options: EmulatorClientOptions = {},
  ) {
    this.agent = new https.Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) });
  }

  /** The people who can sign in, with their app roles in `appId` (default: the first app). */
  users(appId?: string): Promise<UserSummary[]> {
    return this.request('GET', `/users${appId ? `?appId=${encodeURIComponent(appId)}` : ''}`);
  }
  /** Calls the bot. */
  placeCall(request: PlaceCallRequest): Promise<CallSummary> {
    return this.request('POST', '/calls', request);
  }
  /** One call. */
  call(callId: string): Promise<CallSummary> {
    return this.request('GET', `/calls/${callId}`);
  }
  /** Every call the emulator has seen. */
  calls(): Promise<CallSummary[]> {
    return this.request('GET', '/calls');
  }
  /** Everything that happened to a call. */
  log(callId: string): Promise<CallLogEntry[]> {
    return this.request('GET', `/calls/${callId}/log`);
  }
  /** The Graph requests the bot made for a call, optionally of one action. */
  async requests(callId: string, action?: string): Promise<Array<Extract<CallLogEntry, { kind: 'request' }>>> {
    return (await this.log(callId)).filter((e): e is Extract<CallLogEntry, { kind: 'request' }> => e.kind === 'request' && (!action || e.action === action));
  }
  /** The notifications sent for a call, with the bot's answers. */
  async notifications(callId: string): Promise<Array<Extract<CallLogEntry, { kind: 'notification' }>>> {
    return (await this.log(callId)).filter((e): e is Extract<CallLogEntry, { kind: 'notification' }> => e.kind === 'notification');
  }
  /** Presses DTMF keys ("12#"), `gapMs` emulated milliseconds apart; resolves when all are pressed. */
  async pressKeys(callId: string, keys: string, gapMs?: number): Promise<number> {
    return (await this.request<{ sent: number }>('POST', `/calls/${callId}/keys`, { keys, gapMs })).sent;
  }
  /** Speaks (noise) or stays silent into a running recording; true when a recording heard it. */
  async speak(callId: string, kind: 'noise' | 'silence', durationMs: number): Promise<boolean> {
    return (await this.request<{ heard: boolean }>('POST', `/calls/${callId}/speech`, { kind, durationMs })).heard;
  }
  /** The caller hangs up. */
  async hangUp(callId: string): Promise<void> {
    await this.request('POST', `/calls/${callId}/hangup`);
  }
  /** Rings, optionally of one call or only those still ringing. */
  rings(filter: { callId?: string; ringing?: boolean } = {}): Promise<RingSummary[]> {
    const query = new URLSearchParams({ ...(filter.callId && { callId: filter.callId }), ...(filter.ringing && { ringing: 'true' }) });
    return this.request('GET', `/rings?${query}`);
  }
  /** Answers a ring of a `manual` person. */
  async decideRing(ringId: string, decision: 'accept' | 'decline'): Promise<void> {
    await this.request('POST', `/rings/${ringId}`, { decision });
  }
  /** Waits for the call's transfer ring (target configured `manual`) and accepts it. */
  async acceptTransfer(callId: string): Promise<void> {
    await this.decideRing((await this.waitForRing({ callId, purpose: 'transfer' })).id, 'accept');
  }
  /** Waits for the call's transfer ring (target configured `manual`) and refuses it. */
  async refuseTransfer(callId: string): Promise<void> {
    await this.decideRing((await this.waitForRing({ callId, purpose: 'transfer' })).id, 'decline');
  }
  /** Sets how a person (user id or phone number) answers rings. */
  configurePerson(key: string, update: PersonUpdate): Promise<Person> {
    return this.request('PUT', `/people/${encodeURIComponent(key)}`, update);
  }
  /** Creates a meeting; with `lobby` joining bots wait to be admitted, with `refuseBots` they are turned away (see the README). */
  createMeeting(options: MeetingRequest = {}): Promise<MeetingSummary> {
    return this.request('POST', '/meetings', options);
  }
  /** Admits the bots waiting in a meeting's lobby (or the one whose call is `callId`); returns their call ids. */
  async admitFromLobby(meetingId: string, callId?: string): Promise<string[]> {
    return (await this.request<{ admitted: string[] }>('POST', `/meetings/${meetingId}/lobby/admit`, callId ? { callId } : {})).admitted;
  }
  /** A meeting and its roster. */
  meeting(meetingId: string): Promise<MeetingSummary> {
    return this.request('GET', `/meetings/${meetingId}`);
  }
  /** Someone joins a meeting; returns their participant id. */
  async joinMeeting(meetingId: string, who: Caller): Promise<string> {
    return (await this.request<{ participantId: string }>('POST', `/meetings/${meetingId}/participants`, who)).participantId;
  }
  /** Someone (user id or phone number) leaves a meeting. */
  async leaveMeeting(meetingId: string, key: string): Promise<void> {
    await this.request('DELETE', `/meetings/${meetingId}/participants/${encodeURIComponent(key)}`);
  }
  /** Ends a meeting for everyone. */
  async endMeeting(meetingId: string): Promise<void> {
    await this.request('DELETE', `/meetings/${meetingId}`);
  }
  /** Invites the bot into a meeting (an incoming call carrying chatInfo and meetingInfo). */
  inviteBot(meetingId: string, options: { appId?: string; from?: Caller } = {}): Promise<CallSummary> {
    return this.request('POST', `/meetings/${meetingId}/invitations`, options);
  }
  /** Replaces the global fault rules. */
  async setFaults(rules: FaultRules): Promise<void> {
    await this.request('PUT', '/faults', rules);
  }
  /** Replaces one call's fault rules. */
  async setCallFaults(callId: string, rules: FaultRules): Promise<void> {
    await this.request('PUT', `/calls/${callId}/faults`, rules);
  }

  /** Polls `probe` until it returns something other than undefined/false. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 5000);
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 10));
    }
  }
  /** Waits until the call is in `state`. */
  waitForState(callId: string, state: string): Promise<CallSummary> {
    return this.waitFor(`call ${callId} to be ${state}`, async () => {
      const call = await this.call(callId);
      return call.state === state ? call : undefined;
    });
  }
  /** Waits for the first log entry matching `predicate`. */
  waitForLog(callId: string, what: string, predicate: (entry: CallLogEntry) => boolean): Promise<CallLogEntry> {
    return this.waitFor(what, async () => (await this.log(callId)).find(predicate));
  }
  /** Waits for a ringing ring. */
  waitForRing(filter: { callId?: string; purpose?: string } = {}): Promise<RingSummary> {
    return this.waitFor(`a ${filter.purpose ?? ''} ring`, async () =>
      (await this.rings({ callId: filter.callId, ringing: true })).find((r) => !filter.purpose || r.purpose === filter.purpose),
    );
  }
  /** Waits until a recording of the call is listening (prompt and beep done). */
  waitForRecording(callId: string): Promise<CallSummary> {
    return this.waitFor(`a listening recording on ${callId}`, async () => {
      const call = await this.call(callId);
      return call.media.current?.kind === 'record' && call.media.current.phase === 'listening' ? call : undefined;
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const url = new URL(`/emulator${path}`, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, agent: this.agent, headers: payload ? { 'Content-Type': 'application/json' } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const parsed = text ? (JSON.parse(text) as unknown) : undefined;
          if ((res.statusCode ?? 500) >= 400) {
            const message = (parsed as { error?: { message?: string } } | undefined)?.error?.message ?? text;
            reject(new EmulatorApiError(res.statusCode ?? 500, `${method} ${url.pathname}: ${message}`));
          } else resolve(parsed as T);
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as idle just as it was reused: the request never
        // reached the server, so sending it again on a fresh socket is safe (Node's documented remedy).
        if (req.reusedSocket && !retried && (error.code === 'ECONNRESET' || error.message === 'socket hang up'))
          resolve(this.request<T>(method, path, body, true));
        else reject(error);
      });
      req.end(payload);
    });
  }
}
