/**
 * The Lua scripts behind RedisCallStore. Each runs atomically on the Redis server, so several
 * engine processes sharing one Redis see every step whole or not at all. Key layout (P = prefix):
 *
 *   P s:<id>     hash  rev, doc (the CallSession as JSON)     P t:<id>   list  trace lines (JSON)
 *   P tm:<id>    hash  timer id → TimerRow JSON               P in:<id>  zset  inbox "<seq>:<item JSON>" by seq
 *   P ob:<id>    list  outbox effect ids, in commit order      P obe:<id> hash  effect id → OutboxEffect JSON
 *   P p:<id>     hash  clientContext → PendingOperation JSON   P l:<id>   string lease owner (PX expiry)
 *   P al:<id>    set   Graph call ids linked to the call
 *   P g:timers   zset  "<#sid>:<sid><timer id>" by the time it becomes claimable (due, or claimed until)
 *   P g:work     zset  calls with inbox entries or unsent effects, by when they got work
 *   P g:running  set   sessions not ended                     P g:ended  zset  ended sessions by updatedAt
 *   P g:seq      counter for inbox seqs                       P g:alias  hash  Graph call id → session id
 *   P g:flows    hash  [flowId, version] → document JSON      P g:flows-at zset [flowId, version] by last save
 *
 * Per-call keys put the kind before the id (`s:<id>`), so ids containing ':' never collide. Scripts
 * that touch another call's keys (claim, purge) build the names from the prefix: fine on a
 * standalone Redis or a Sentinel-managed primary, not on Redis Cluster.
 */

/** Shared helpers, prepended to every script. */
const HELPERS = `
local function member(sid, tid) return #sid .. ':' .. sid .. tid end
local function split(m)
  local colon = string.find(m, ':', 1, true)
  local n = tonumber(string.sub(m, 1, colon - 1))
  return string.sub(m, colon + 1, colon + n), string.sub(m, colon + n + 1)
end
local function settle_work(inbox, outbox, work, sid, seqkey)
  if redis.call('ZCARD', inbox) == 0 and redis.call('LLEN', outbox) == 0 then
    redis.call('ZREM', work, sid)
  elseif not redis.call('ZSCORE', work, sid) then
    redis.call('ZADD', work, redis.call('INCR', seqkey), sid)
  end
end
`;

/**
 * create (ARGV[3] = '') or commit (ARGV[3] = expected rev): the record, timers, trace, outbox and
 * inbox removal in one atomic write; returns 0 and writes nothing when the rev check fails.
 * KEYS: s, t, tm, in, ob, obe, g:timers, g:work, g:running, g:ended, g:seq
 * ARGV: sid, newRev, expectedRev|'', doc, phase, updatedAt, cancelAll, inboxSeq|'', traceLimit,
 *       nCancel, nSet, nTrace, nEffects, then cancel ids, (id, dueAt, json) per timer, trace JSON,
 *       (id, json) per effect.
 */
const WRITE = `
local sid = ARGV[1]
if ARGV[3] == '' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
elseif redis.call('HGET', KEYS[1], 'rev') ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'doc', ARGV[4])
if ARGV[5] == 'ended' then
  redis.call('SREM', KEYS[9], sid)
  redis.call('ZADD', KEYS[10], ARGV[6], sid)
else
  redis.call('SADD', KEYS[9], sid)
  redis.call('ZREM', KEYS[10], sid)
end
if ARGV[7] == '1' then
  for _, tid in ipairs(redis.call('HKEYS', KEYS[3])) do redis.call('ZREM', KEYS[7], member(sid, tid)) end
  redis.call('DEL', KEYS[3])
end
local nCancel, nSet, nTrace, nEffects = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local i = 14
for _ = 1, nCancel do
  redis.call('HDEL', KEYS[3], ARGV[i])
  redis.call('ZREM', KEYS[7], member(sid, ARGV[i]))
  i = i + 1
end
for _ = 1, nSet do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
  redis.call('ZADD', KEYS[7], ARGV[i + 1], member(sid, ARGV[i]))
  i = i + 3
end
if nTrace > 0 then
  for _ = 1, nTrace do
    redis.call('RPUSH', KEYS[2], ARGV[i])
    i = i + 1
  end
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[9]), -1)
end
for _ = 1, nEffects do
  if redis.call('HSET', KEYS[6], ARGV[i], ARGV[i + 1]) == 1 then redis.call('RPUSH', KEYS[5], ARGV[i]) end
  i = i + 2
end
if ARGV[8] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[8]) end
if ARGV[8] ~= '' or nEffects > 0 then settle_work(KEYS[4], KEYS[5], KEYS[8], sid, KEYS[11]) end
return 1
`;

/** KEYS: g:seq, in, g:work. ARGV: sid, item JSON. Returns the entry's seq. */
const ENQUEUE = `
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, seq .. ':' .. ARGV[2])
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then redis.call('ZADD', KEYS[3], seq, ARGV[1]) end
return seq
`;

/** KEYS: in, ob, g:work, g:seq. ARGV: sid, uptoSeq. */
const DROP_INBOX = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
settle_work(KEYS[1], KEYS[2], KEYS[3], ARGV[1], KEYS[4])
return 1
`;

/** KEYS: obe, ob, in, g:work, g:seq. ARGV: sid, effect id. 1 exactly once per effect. */
const TAKE_EFFECT = `
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], '!' .. ARGV[2], '1')
`;

/**
 * KEYS: obe, ob, in, g:work, g:seq. ARGV: session id, effect id. The effect was sent and answered:
 * it leaves the outbox (and the call leaves the work index when nothing else waits).
 */
const FINISH_EFFECT = `
redis.call('HDEL', KEYS[1], ARGV[2], '!' .. ARGV[2])
redis.call('LREM', KEYS[2], 1, ARGV[2])
settle_work(KEYS[3], KEYS[2], KEYS[4], ARGV[1], KEYS[5])
return 1
`;

/** KEYS: ob, obe. The effects not finished, in commit order: JSON and whether taken, flattened. */
const OUTBOX = `
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local json = redis.call('HGET', KEYS[2], id)
  if json then
    out[#out + 1] = json
    out[#out + 1] = redis.call('HEXISTS', KEYS[2], '!' .. id)
  end
end
return out
`;

/** KEYS: l. ARGV: owner, ms. Takes a free or expired lease, or extends one the owner holds. */
const ACQUIRE_LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS: one lease key per call. ARGV: owner, ms. Returns the indexes (1-based) no longer held. */
const RENEW_LEASES = `
local lost = {}
for index, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) else lost[#lost + 1] = index end
end
return lost
`;

/** KEYS: l. ARGV: owner. */
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/** KEYS: tm, g:timers. ARGV: sid, timer id, dueAt, json. Re-arming resets the score to the due time. */
const SET_TIMER = `
redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], member(ARGV[1], ARGV[2]))
return 1
`;

/** KEYS: tm, g:timers. ARGV: sid, timer id. */
const CANCEL_TIMER = `
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], member(ARGV[1], ARGV[2]))
return 1
`;

/**
 * KEYS: g:timers. ARGV: prefix, now, claimed-until, limit. Claims due timers by moving their score
 * to the end of the lease, in the same script that found them: no two callers get the same timer
 * within one lease. A member whose row is gone (should not happen) is dropped.
 */
const CLAIM_TIMERS = `
local rows = {}
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))) do
  local sid, tid = split(m)
  local json = redis.call('HGET', ARGV[1] .. 'tm:' .. sid, tid)
  if json then
    redis.call('ZADD', KEYS[1], ARGV[3], m)
    rows[#rows + 1] = json
  else
    redis.call('ZREM', KEYS[1], m)
  end
end
return rows
`;

/** KEYS: g:alias. ARGV: prefix, graph call id, sid. */
const LINK = `
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', ARGV[1] .. 'al:' .. ARGV[3], ARGV[2])
return 1
`;

/** KEYS: g:flows, g:flows-at. ARGV: field, document JSON, at. The document is stored once; `at` only grows. */
const SAVE_FLOW = `
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[1])
return 1
`;

/**
 * KEYS: g:ended, g:running, g:work, g:timers, g:alias, g:flows, g:flows-at.
 * ARGV: prefix, '(' .. before, limit. Forgets up to `limit` ended calls last updated before
 * `before` with every key they have, and the flow versions last saved before it. Returns the
 * number of calls forgotten.
 */
const PURGE = `
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, sid in ipairs(ids) do
  for _, tid in ipairs(redis.call('HKEYS', p .. 'tm:' .. sid)) do redis.call('ZREM', KEYS[4], member(sid, tid)) end
  for _, graph in ipairs(redis.call('SMEMBERS', p .. 'al:' .. sid)) do
    if redis.call('HGET', KEYS[5], graph) == sid then redis.call('HDEL', KEYS[5], graph) end
  end
  redis.call('DEL', p .. 's:' .. sid, p .. 't:' .. sid, p .. 'tm:' .. sid, p .. 'in:' .. sid, p .. 'ob:' .. sid,
    p .. 'obe:' .. sid, p .. 'p:' .. sid, p .. 'l:' .. sid, p .. 'al:' .. sid)
  redis.call('ZREM', KEYS[1], sid)
  redis.call('SREM', KEYS[2], sid)
  redis.call('ZREM', KEYS[3], sid)
end
for _, field in ipairs(redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', ARGV[2])) do
  redis.call('HDEL', KEYS[6], field)
  redis.call('ZREM', KEYS[7], field)
end
return #ids
`;

/** Script name → Lua source and how many KEYS it takes (undefined: the caller passes the count first). */
export const SCRIPTS = {
  cfWrite: { keys: 11, lua: WRITE },
  cfEnqueue: { keys: 3, lua: ENQUEUE },
  cfDropInbox: { keys: 4, lua: DROP_INBOX },
  cfTakeEffect: { keys: 1, lua: TAKE_EFFECT },
  cfFinishEffect: { keys: 5, lua: FINISH_EFFECT },
  cfOutbox: { keys: 2, lua: OUTBOX },
  cfAcquireLease: { keys: 1, lua: ACQUIRE_LEASE },
  cfRenewLeases: { keys: undefined, lua: RENEW_LEASES },
  cfReleaseLease: { keys: 1, lua: RELEASE_LEASE },
  cfSetTimer: { keys: 2, lua: SET_TIMER },
  cfCancelTimer: { keys: 2, lua: CANCEL_TIMER },
  cfClaimTimers: { keys: 1, lua: CLAIM_TIMERS },
  cfLink: { keys: 1, lua: LINK },
  cfSaveFlow: { keys: 2, lua: SAVE_FLOW },
  cfPurge: { keys: 7, lua: PURGE },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/** The full source of a script: the shared helpers, then its body. */
export const scriptSource = (name: ScriptName): string => HELPERS + SCRIPTS[name].lua;
