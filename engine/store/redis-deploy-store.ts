/**
 * The deploy store in Redis, shared by every engine of a cluster: each engine serves the live set
 * read from here, so one number runs one version whichever engine takes the call. Every change to
 * what is live is one Lua script that compares the flow's newest number and moves the epoch the
 * engines poll, so of two publishes at once exactly one lands.
 *
 * Keys (prefix p): `p:d:draft` hash flow → draft JSON; `p:d:v:<flow>` hash number → version JSON;
 * `p:d:newest` hash flow → newest number; `p:d:retired` set; `p:d:routes` hash number → routes
 * JSON; `p:d:epoch` counter.
 */
import type { Redis } from 'ioredis';
import {
  auditConcerns,
  type AuditEntry,
  type AuditQuery,
  type DeployStore,
  type Draft,
  type DraftSave,
  type LiveFlow,
  type PublishedRoutes,
  type PublishedVersion,
  type WebSession,
} from '../deploy/deploy-store.ts';

/** KEYS: newest, versions, retired, epoch. ARGV: flow id, expected number, version JSON without its number. */
const PUBLISH = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then return nil end
local number = current + 1
local version = cjson.decode(ARGV[3])
version['number'] = number
redis.call('HSET', KEYS[2], tostring(number), cjson.encode(version))
redis.call('HSET', KEYS[1], ARGV[1], tostring(number))
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('INCR', KEYS[4])
return number`;

/** KEYS: newest, retired, epoch. ARGV: flow id, expected number. */
const RETIRE = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('INCR', KEYS[3])
return 1`;

/** KEYS: routes, epoch. ARGV: expected number, routes JSON without its number. */
const PUBLISH_ROUTES = `
local current = redis.call('HLEN', KEYS[1])
if current ~= tonumber(ARGV[1]) then return nil end
local routes = cjson.decode(ARGV[2])
routes['number'] = current + 1
redis.call('HSET', KEYS[1], tostring(current + 1), cjson.encode(routes))
redis.call('INCR', KEYS[2])
return current + 1`;

/** KEYS: drafts. ARGV: flow id, expected version ('' for none), draft JSON. Returns the current draft when refused. */
const SAVE_DRAFT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local version = ''
if current then version = cjson.decode(current)['version'] end
if version ~= ARGV[2] then return {0, current or ''} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return {1, ''}`;

interface DeployCommands {
  cfPublish(newest: string, versions: string, retired: string, epoch: string, flowId: string, expected: number, body: string): Promise<number | null>;
  cfRetire(newest: string, retired: string, epoch: string, flowId: string, expected: number): Promise<number>;
  cfPublishRoutes(routes: string, epoch: string, expected: number, body: string): Promise<number | null>;
  cfSaveDraft(drafts: string, flowId: string, expected: string, body: string): Promise<[number, string]>;
}

export class RedisDeployStore implements DeployStore {
  private readonly run: DeployCommands;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('cfPublish', { numberOfKeys: 4, lua: PUBLISH });
    redis.defineCommand('cfRetire', { numberOfKeys: 3, lua: RETIRE });
    redis.defineCommand('cfPublishRoutes', { numberOfKeys: 2, lua: PUBLISH_ROUTES });
    redis.defineCommand('cfSaveDraft', { numberOfKeys: 1, lua: SAVE_DRAFT });
    this.run = redis as unknown as DeployCommands;
  }

  private key(name: string): string {
    return `${this.prefix}d:${name}`;
  }

  async draft(flowId: string): Promise<Draft | undefined> {
    const body = await this.redis.hget(this.key('draft'), flowId);
    return body ? (JSON.parse(body) as Draft) : undefined;
  }

  async drafts(): Promise<Draft[]> {
    return (await this.redis.hvals(this.key('draft'))).map((body) => JSON.parse(body) as Draft).sort((a, b) => a.flowId.localeCompare(b.flowId));
  }

  async saveDraft(draft: Draft, expected: string | null): Promise<DraftSave> {
    const [saved, current] = await this.run.cfSaveDraft(this.key('draft'), draft.flowId, expected ?? '', JSON.stringify(draft));
    return saved === 1 ? { saved: true } : { saved: false, ...(current ? { current: JSON.parse(current) as Draft } : {}) };
  }

  async dropDraft(flowId: string): Promise<void> {
    await this.redis.hdel(this.key('draft'), flowId);
  }

  async publish(version: Omit<PublishedVersion, 'number'>, expectedNumber: number): Promise<number | undefined> {
    const number = await this.run.cfPublish(
      this.key('newest'),
      this.key(`v:${version.flowId}`),
      this.key('retired'),
      this.key('epoch'),
      version.flowId,
      expectedNumber,
      JSON.stringify(version),
    );
    return number ?? undefined;
  }

  async recordCommit(flowId: string, number: number, commit: string): Promise<void> {
    const found = await this.version(flowId, number);
    if (found) await this.redis.hset(this.key(`v:${flowId}`), String(number), JSON.stringify({ ...found, commit }));
  }

  async versions(flowId: string): Promise<PublishedVersion[]> {
    return (await this.redis.hvals(this.key(`v:${flowId}`))).map((body) => JSON.parse(body) as PublishedVersion).sort((a, b) => b.number - a.number);
  }

  async version(flowId: string, number: number): Promise<PublishedVersion | undefined> {
    const body = await this.redis.hget(this.key(`v:${flowId}`), String(number));
    return body ? (JSON.parse(body) as PublishedVersion) : undefined;
  }

  async live(): Promise<LiveFlow[]> {
    const [newest, retired] = await Promise.all([this.redis.hgetall(this.key('newest')), this.redis.smembers(this.key('retired'))]);
    return Object.entries(newest)
      .filter(([flowId]) => !retired.includes(flowId))
      .map(([flowId, number]) => ({ flowId, number: Number(number) }))
      .sort((a, b) => a.flowId.localeCompare(b.flowId));
  }

  async retire(flowId: string, expectedNumber: number): Promise<boolean> {
    return (await this.run.cfRetire(this.key('newest'), this.key('retired'), this.key('epoch'), flowId, expectedNumber)) === 1;
  }

  async routes(): Promise<PublishedRoutes | undefined> {
    const count = await this.redis.hlen(this.key('routes'));
    if (!count) return undefined;
    return JSON.parse((await this.redis.hget(this.key('routes'), String(count)))!) as PublishedRoutes;
  }

  async publishRoutes(text: string, author: string, at: number, expectedNumber: number): Promise<number | undefined> {
    const number = await this.run.cfPublishRoutes(this.key('routes'), this.key('epoch'), expectedNumber, JSON.stringify({ text, author, at }));
    return number ?? undefined;
  }

  async epoch(): Promise<number> {
    return Number((await this.redis.get(this.key('epoch'))) ?? 0);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.redis.rpush(this.key('audit'), JSON.stringify(entry));
  }

  async auditLog({ limit, before, flow }: AuditQuery): Promise<AuditEntry[]> {
    // Newest last in the list: read backwards in pages until `limit` entries older than `before` are found.
    const found: AuditEntry[] = [];
    const total = await this.redis.llen(this.key('audit'));
    for (let end = total - 1; end >= 0 && found.length < limit; end -= 200) {
      const page = await this.redis.lrange(this.key('audit'), Math.max(0, end - 199), end);
      for (const body of page.reverse()) {
        const entry = JSON.parse(body) as AuditEntry;
        if ((before === undefined || entry.at < before) && (flow === undefined || auditConcerns(entry, flow))) found.push(entry);
        if (found.length === limit) break;
      }
    }
    return found;
  }

  async saveWebSession(session: WebSession): Promise<void> {
    await this.redis.set(this.key(`web:${session.id}`), JSON.stringify(session), 'PXAT', session.expiresAt);
  }

  async webSession(id: string, now: number): Promise<WebSession | undefined> {
    const body = await this.redis.get(this.key(`web:${id}`));
    const session = body ? (JSON.parse(body) as WebSession) : undefined;
    return session && session.expiresAt > now ? session : undefined;
  }

  async dropWebSession(id: string): Promise<void> {
    await this.redis.del(this.key(`web:${id}`));
  }
}
