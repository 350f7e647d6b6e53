/**
 * CallStore on Redis, for several engine processes sharing one Redis (standalone or a
 * Sentinel-managed primary; not Redis Cluster). Every write that must be atomic is one Lua script
 * (engine/store/redis-scripts.ts, registered with ioredis defineCommand, sent as EVALSHA): a commit
 * checks the rev and writes the record, timers, trace, outbox and inbox removal together, or writes
 * nothing. The hot path — get, commit, enqueue, takeEffect, acquireLease — is one round trip each.
 * Values are stored as the JSON the caller's objects serialize to and parsed back on read, so reads
 * hand out fresh copies and round-trip exactly.
 *
 * Durable timers are a sorted set scored by when each timer becomes claimable, plus the call's hash
 * of timer rows, rather than a job queue such as BullMQ:
 * - a claim is one script that finds due timers and moves their score to the end of the lease, so a
 *   timer goes to exactly one scheduler per lease, and comes back by itself if that process dies;
 * - no extra dependency, and no queue processes or Redis streams of its own to run and watch;
 * - timers live with the call's other keys: committed atomically with the step that armed them,
 *   listed per call, re-armed by rewriting one row and one score, and purged with the call;
 * - cancelling is one HDEL and one ZREM inside the commit, where a queue would need a job lookup.
 */
import { Redis } from 'ioredis';
import type { Json } from '../core/types.ts';
import type { CallStore, SessionCreateExtras } from '../session/call-store.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from '../session/types.ts';
import { TRACE_LIMIT } from './memory-store.ts';
import { SCRIPTS, scriptSource, type ScriptName } from './redis-scripts.ts';

type Arg = string | number;
type ScriptCommands = { [name in ScriptName]: (...args: Arg[]) => Promise<unknown> };

export interface RedisCallStoreOptions {
  /** Put before every key, so several deployments (or tests) can share one Redis. Default `callflow:`. */
  prefix?: string;
  /** Connection errors after open (ioredis reconnects by itself; commands meanwhile fail or wait). */
  onError?: (error: Error) => void;
  /** How long open() waits for the server. Default 3000 ms. */
  connectTimeoutMs?: number;
}

/** The URL with any password masked, for error messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export class RedisCallStore implements CallStore {
  readonly kind = 'redis';
  private readonly run: ScriptCommands;

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    for (const [name, script] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: script.keys, lua: scriptSource(name as ScriptName) });
    }
    this.run = redis as unknown as ScriptCommands;
  }

  /**
   * Connects to `url` (redis://[user:password@]host:port[/db]) and resolves once the server answers.
   * Rejects, naming the URL, when it cannot be reached: no retries while opening. Once open, a lost
   * connection is retried with backoff, and a command fails after a few reconnection attempts
   * rather than waiting forever.
   */
  static async open(url: string, options: RedisCallStoreOptions = {}): Promise<RedisCallStore> {
    let opened = false;
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 3000,
      maxRetriesPerRequest: 3,
      // A script sent before a connection drop may have run: resending it could turn a commit that
      // landed into a refused one, or a taken effect into `false`. Fail it to the caller instead.
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times) => (opened ? Math.min(times * 100, 2000) : null),
    });
    let lastError: Error | undefined;
    redis.on('error', (error: Error) => {
      lastError = error;
      if (opened) options.onError?.(error);
    });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      // ioredis reports a refused password (WRONGPASS, NOAUTH) as an 'error' event and then only
      // "Connection is closed." to the command: say both.
      const message = (error as Error).message;
      const reason = lastError && lastError.message !== message ? `${message || String(error)} (${lastError.message})` : message || String(error);
      throw new Error(`Redis call store: cannot reach ${safeUrl(url)}: ${reason}`, { cause: error });
    }
    opened = true;
    return new RedisCallStore(redis, options.prefix ?? 'callflow:');
  }

  /** The connection and key prefix, for the deploy store kept in the same Redis (redis-deploy-store.ts). */
  get connection(): { redis: Redis; prefix: string } {
    return { redis: this.redis, prefix: this.prefix };
  }

  // ── key names (see redis-scripts.ts for the layout) ──
  private key(kind: string, sessionId: string): string {
    return `${this.prefix}${kind}:${sessionId}`;
  }

  private global(name: string): string {
    return `${this.prefix}g:${name}`;
  }

  async get(sessionId: string): Promise<CallSession | undefined> {
    const doc = await this.redis.hget(this.key('s', sessionId), 'doc');
    return doc === null ? undefined : (JSON.parse(doc) as CallSession);
  }

  async create(session: CallSession, extras: SessionCreateExtras = {}): Promise<boolean> {
    return this.write(session, '', { setTimers: extras.timers, trace: extras.trace, effects: extras.effects, inboxSeq: extras.inboxSeq });
  }

  async commit(change: SessionCommit): Promise<boolean> {
    return this.write(change.session, String(change.expectedRev), change);
  }

  private async write(session: CallSession, expectedRev: string, change: Omit<SessionCommit, 'session' | 'expectedRev'>): Promise<boolean> {
    const id = session.id;
    const cancel = change.cancelTimers ?? [];
    const set = change.setTimers ?? [];
    const trace = change.trace ?? [];
    const effects = change.effects ?? [];
    const args: Arg[] = [
      ...this.writeKeys(id),
      id,
      String(session.rev),
      expectedRev,
      JSON.stringify(session),
      session.phase,
      session.updatedAt,
      change.cancelAllTimers ? '1' : '0',
      change.inboxSeq ?? '',
      TRACE_LIMIT,
      cancel.length,
      set.length,
      trace.length,
      effects.length,
      ...cancel,
    ];
    for (const timer of set) {
      if (timer.sessionId !== id) throw new Error(`timer ${timer.id} belongs to ${timer.sessionId}, not ${id}`);
      args.push(timer.id, timer.dueAt, JSON.stringify(timer));
    }
    for (const entry of trace) args.push(JSON.stringify(entry));
    for (const effect of effects) args.push(effect.id, JSON.stringify(effect));
    return (await this.run.cfWrite(...args)) === 1;
  }

  private writeKeys(id: string): string[] {
    return [
      this.key('s', id),
      this.key('t', id),
      this.key('tm', id),
      this.key('in', id),
      this.key('ob', id),
      this.key('obe', id),
      this.global('timers'),
      this.global('work'),
      this.global('running'),
      this.global('ended'),
      this.global('seq'),
    ];
  }

  async link(graphCallId: string, sessionId: string): Promise<void> {
    await this.run.cfLink(this.global('alias'), this.prefix, graphCallId, sessionId);
  }

  async resolve(graphCallId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.global('alias'), graphCallId)) ?? undefined;
  }

  async enqueue(sessionId: string, item: InboxItem): Promise<number> {
    return Number(await this.run.cfEnqueue(this.global('seq'), this.key('in', sessionId), this.global('work'), sessionId, JSON.stringify(item)));
  }

  async inbox(sessionId: string, limit: number): Promise<InboxEntry[]> {
    if (limit <= 0) return [];
    const members = await this.redis.zrange(this.key('in', sessionId), 0, String(limit - 1));
    return members.map((member) => {
      const colon = member.indexOf(':');
      return { ...(JSON.parse(member.slice(colon + 1)) as InboxItem), seq: Number(member.slice(0, colon)) };
    });
  }

  async dropInbox(sessionId: string, uptoSeq: number): Promise<void> {
    await this.run.cfDropInbox(this.key('in', sessionId), this.key('ob', sessionId), this.global('work'), this.global('seq'), sessionId, uptoSeq);
  }

  async sessionsWithWork(limit: number): Promise<string[]> {
    return limit <= 0 ? [] : this.redis.zrange(this.global('work'), 0, String(limit - 1));
  }

  async takeEffect(sessionId: string, effectId: string): Promise<boolean> {
    return (await this.run.cfTakeEffect(this.key('obe', sessionId), sessionId, effectId)) === 1;
  }

  async finishEffect(sessionId: string, effectId: string): Promise<void> {
    await this.run.cfFinishEffect(
      this.key('obe', sessionId),
      this.key('ob', sessionId),
      this.key('in', sessionId),
      this.global('work'),
      this.global('seq'),
      sessionId,
      effectId,
    );
  }

  async outbox(sessionId: string): Promise<OutboxEffect[]> {
    const rows = (await this.run.cfOutbox(this.key('ob', sessionId), this.key('obe', sessionId))) as Array<string | number>;
    const effects: OutboxEffect[] = [];
    for (let index = 0; index < rows.length; index += 2)
      effects.push({ ...(JSON.parse(String(rows[index])) as OutboxEffect), ...(rows[index + 1] === 1 && { taken: true }) });
    return effects;
  }

  async acquireLease(sessionId: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.run.cfAcquireLease(this.key('l', sessionId), owner, leaseMillis(leaseMs))) === 1;
  }

  async renewLeases(sessionIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    if (!sessionIds.length) return [];
    const lost = (await this.run.cfRenewLeases(sessionIds.length, ...sessionIds.map((id) => this.key('l', id)), owner, leaseMillis(leaseMs))) as number[];
    return lost.map((index) => sessionIds[index - 1]!);
  }

  async releaseLease(sessionId: string, owner: string): Promise<void> {
    await this.run.cfReleaseLease(this.key('l', sessionId), owner);
  }

  async setTimer(timer: TimerRow): Promise<void> {
    await this.run.cfSetTimer(this.key('tm', timer.sessionId), this.global('timers'), timer.sessionId, timer.id, timer.dueAt, JSON.stringify(timer));
  }

  async cancelTimer(sessionId: string, timerId: string): Promise<void> {
    await this.run.cfCancelTimer(this.key('tm', sessionId), this.global('timers'), sessionId, timerId);
  }

  async timers(sessionId: string): Promise<TimerRow[]> {
    const rows = (await this.redis.hvals(this.key('tm', sessionId))).map((row) => JSON.parse(row) as TimerRow);
    return rows.sort((a, b) => a.dueAt - b.dueAt);
  }

  async claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]> {
    if (limit <= 0) return [];
    const rows = (await this.run.cfClaimTimers(this.global('timers'), this.prefix, now, now + leaseMs, Math.floor(limit))) as string[];
    return rows.map((row) => JSON.parse(row) as TimerRow);
  }

  async nextDueAt(): Promise<number | undefined> {
    // RESP2 answers [member, score]; RESP3 (ioredis' default) [[member, score]].
    const reply: unknown[] = await this.redis.zrange(this.global('timers'), 0, '0', 'WITHSCORES');
    const score = reply.flat()[1];
    return score === undefined ? undefined : Number(score);
  }

  async addPending(sessionId: string, operation: PendingOperation): Promise<void> {
    await this.redis.hset(this.key('p', sessionId), operation.clientContext, JSON.stringify(operation));
  }

  async removePending(sessionId: string, clientContext: string): Promise<void> {
    await this.redis.hdel(this.key('p', sessionId), clientContext);
  }

  async pending(sessionId: string): Promise<PendingOperation[]> {
    return (await this.redis.hvals(this.key('p', sessionId))).map((row) => JSON.parse(row) as PendingOperation);
  }

  async clearPending(sessionId: string): Promise<void> {
    await this.redis.del(this.key('p', sessionId));
  }

  async appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    if (!entries.length) return;
    const key = this.key('t', sessionId);
    await this.redis
      .multi()
      .rpush(key, ...entries.map((entry) => JSON.stringify(entry)))
      .ltrim(key, -TRACE_LIMIT, -1)
      .exec();
  }

  async readTrace(sessionId: string, options: { limit?: number } = {}): Promise<SessionTraceEntry[]> {
    const rows = await this.redis.lrange(this.key('t', sessionId), options.limit ? -options.limit : 0, -1);
    return rows.map((row) => JSON.parse(row) as SessionTraceEntry);
  }

  async saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void> {
    await this.run.cfSaveFlow(this.global('flows'), this.global('flows-at'), JSON.stringify([flowId, version]), JSON.stringify(document), at);
  }

  async flowVersion(flowId: string, version: string): Promise<Json | undefined> {
    const doc = await this.redis.hget(this.global('flows'), JSON.stringify([flowId, version]));
    return doc === null ? undefined : (JSON.parse(doc) as Json);
  }

  async runningSessionIds(): Promise<string[]> {
    return this.redis.smembers(this.global('running'));
  }

  async purge(before: number, limit: number): Promise<number> {
    const keys = ['ended', 'running', 'work', 'timers', 'alias', 'flows', 'flows-at'].map((name) => this.global(name));
    return Number(await this.run.cfPurge(...keys, this.prefix, `(${before}`, Math.max(0, Math.floor(limit))));
  }

  /** One key of its own, written with a short expiry (a probe cut off halfway leaves nothing for long), then read. */
  async probe(value: string): Promise<string | undefined> {
    const key = this.global('probe');
    await this.redis.set(key, value, 'PX', 60_000);
    return (await this.redis.get(key)) ?? undefined;
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

/** PX takes a positive integer. */
function leaseMillis(leaseMs: number): number {
  return Math.max(1, Math.ceil(leaseMs));
}
