import type { Redis } from 'ioredis';

/** At most `limit` calls in any `windowMs` (a sliding window, as Slack counts). */
export interface PaceRule { limit: number; windowMs: number }

export interface SlackPaceRules {
  /** Per method, workspace-wide (all of this app's workers share it). */
  methods: Record<string, PaceRule>;
  /** chat.postMessage per channel. */
  perChannel: PaceRule;
}

const MINUTE = 60_000;

/**
 * Slack's published limits for what the outbox calls (docs.slack.dev "Rate limits"): chat.postMessage
 * is special-tier, about one a second per channel with short bursts and several hundred a minute
 * per workspace; conversations.open, .history and chat.update are Tier 3 (50+ a minute).
 */
export const PUBLISHED_PACE: SlackPaceRules = {
  methods: {
    'chat.postMessage': { limit: 300, windowMs: MINUTE },
    'chat.update': { limit: 50, windowMs: MINUTE },
    'conversations.open': { limit: 50, windowMs: MINUTE },
    'conversations.history': { limit: 50, windowMs: MINUTE },
  },
  // "About one a second" per channel: no burst is counted on (Slack tolerates short ones only).
  perChannel: { limit: 1, windowMs: 1_000 },
};

/**
 * A slot is taken this much later than the window strictly allows (a share of the window plus a
 * few ms): a call reaches Slack some ms after its slot, and not always the same few ms, so
 * back-to-back windows keep a small gap rather than meet a 429 (which costs a whole second of
 * Retry-After at least). Each slot is also moved to when its call was answered (`settle`), a
 * time Slack has certainly counted it by.
 */
export const PACE_MARGIN = 0.02;
export const PACE_MARGIN_MS = 10;
const spanOf = (rule: PaceRule) => Math.ceil(rule.windowMs * (1 + PACE_MARGIN)) + PACE_MARGIN_MS;

/** The same rules on a clock `factor` times faster (benchmarks and the demo scale Slack's windows). */
export function scalePace(rules: SlackPaceRules, factor: number): SlackPaceRules {
  const scale = (r: PaceRule) => ({ limit: r.limit, windowMs: r.windowMs / factor });
  return { methods: Object.fromEntries(Object.entries(rules.methods).map(([m, r]) => [m, scale(r)])), perChannel: scale(rules.perChannel) };
}

/** One window a call must fit: its key and rule. */
export interface PaceKey extends PaceRule { key: string }

/**
 * A call's slot counts from when Slack answered it (`settle`): that is when Slack has surely
 * counted it, whatever the network did. A slot whose call is still in flight can only bound the
 * next one from below; a call that must wait on it is told to come back (not firm) rather than
 * given a slot that its latency could still make too early. A call unanswered this long (a
 * worker that died mid-call) counts from its slot: the client's timeout is shorter.
 */
const IN_FLIGHT_MAX_MS = 20_000;

/** How long to wait; `firm` when the slot is taken, else ask again after the wait. */
export interface PaceAnswer { waitMs: number; firm: boolean }

/**
 * Reserves the earliest instant at which one more call fits every given window, and records it
 * there (so the next caller queues behind it).
 */
export interface PaceStore {
  reserve(keys: PaceKey[], id: string): Promise<PaceAnswer>;
  /** Gives a reserved slot back (the caller will not use it). */
  release(keys: PaceKey[], id: string): Promise<void>;
  /** The call was answered: its slot moves to now (never earlier), when Slack has surely counted it. */
  settle(keys: PaceKey[], id: string): Promise<void>;
}

type Slot = { at: number; id: string; settled: boolean };

/** One process's windows (the Postgres queue backend, tests): exact within this process. */
export class MemoryPaceStore implements PaceStore {
  private readonly slots = new Map<string, Slot[]>();
  constructor(private readonly now: () => number = Date.now) {}

  async reserve(keys: PaceKey[], id: string): Promise<PaceAnswer> {
    const now = this.now();
    let at = now;
    let firm = true;
    for (const k of keys) {
      // Slots are handed out in order (sorted): the call fits once the limit-th latest one has
      // left the window, and never before the latest, or later reservations could crowd it.
      const list = this.prune(k, now);
      at = Math.max(at, list[list.length - 1]?.at ?? now);
      const edge = list[list.length - k.limit];
      if (edge) {
        at = Math.max(at, edge.at + spanOf(k));
        if (!edge.settled && edge.at > now - IN_FLIGHT_MAX_MS) firm = false;
      }
    }
    if (firm) for (const k of keys) this.slots.get(k.key)!.push({ at, id, settled: false });
    return { waitMs: at - now, firm };
  }

  async release(keys: PaceKey[], id: string): Promise<void> {
    for (const k of keys) {
      const list = this.slots.get(k.key);
      if (list) this.slots.set(k.key, list.filter((s) => s.id !== id));
    }
  }

  async settle(keys: PaceKey[], id: string): Promise<void> {
    const now = this.now();
    for (const k of keys) {
      const list = this.slots.get(k.key) ?? [];
      const slot = list.find((s) => s.id === id);
      if (!slot) continue;
      slot.settled = true;
      slot.at = Math.max(slot.at, now);
      list.sort((a, b) => a.at - b.at);
    }
  }

  private prune(k: PaceKey, now: number) {
    const cutoff = now - spanOf(k);
    const list = (this.slots.get(k.key) ?? []).filter((s) => s.at > cutoff || (!s.settled && s.at > now - IN_FLIGHT_MAX_MS));
    this.slots.set(k.key, list);
    return list;
  }
}

/**
 * The same reservation in Redis, atomically for all the keys of one call, on Redis's clock: every
 * worker process of the app paces against one budget, as Slack counts it per workspace.
 * KEYS: per window, a sorted set of slots (score = instant) then the set of its calls in flight;
 * ARGV: in-flight limit, id, then limit and window (with its margin) per window.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local inflightMax = tonumber(ARGV[1])
local at = now
local firm = 1
for i = 1, #KEYS, 2 do
  local key, flying = KEYS[i], KEYS[i + 1]
  local limit = tonumber(ARGV[2 + i])
  local window = tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - math.max(window, inflightMax))
  local n = redis.call('ZCARD', key)
  if n > 0 then
    local last = redis.call('ZRANGE', key, n - 1, n - 1, 'WITHSCORES')
    at = math.max(at, tonumber(last[2]))
  end
  if n >= limit then
    local edge = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
    local edgeAt = tonumber(edge[2])
    if edgeAt + window > now or redis.call('SISMEMBER', flying, edge[1]) == 1 then
      at = math.max(at, edgeAt + window)
      if redis.call('SISMEMBER', flying, edge[1]) == 1 and edgeAt > now - inflightMax then firm = 0 end
    end
  end
end
if firm == 1 then
  for i = 1, #KEYS, 2 do
    local window = tonumber(ARGV[3 + i])
    redis.call('ZADD', KEYS[i], at, ARGV[2])
    redis.call('SADD', KEYS[i + 1], ARGV[2])
    redis.call('PEXPIRE', KEYS[i], at - now + math.max(window, inflightMax) + 1000)
    redis.call('PEXPIRE', KEYS[i + 1], at - now + math.max(window, inflightMax) + 1000)
  end
end
return {at - now, firm}
`;

const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS, 2 do
  redis.call('ZADD', KEYS[i], 'XX', 'GT', now, ARGV[1])
  redis.call('SREM', KEYS[i + 1], ARGV[1])
end
`;

export class RedisPaceStore implements PaceStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private keysOf(keys: PaceKey[]) {
    return keys.flatMap((k) => [this.prefix + k.key, `${this.prefix}${k.key}:flying`]);
  }

  async reserve(keys: PaceKey[], id: string): Promise<PaceAnswer> {
    const args = keys.flatMap((k) => [String(k.limit), String(spanOf(k))]);
    const [waitMs, firm] = await this.redis.eval(RESERVE, keys.length * 2, ...this.keysOf(keys), String(IN_FLIGHT_MAX_MS), id, ...args) as [number, number];
    return { waitMs: Number(waitMs), firm: Number(firm) === 1 };
  }

  async settle(keys: PaceKey[], id: string): Promise<void> {
    await this.redis.eval(SETTLE, keys.length * 2, ...this.keysOf(keys), id);
  }

  async release(keys: PaceKey[], id: string): Promise<void> {
    await Promise.all(keys.flatMap((k) => [this.redis.zrem(this.prefix + k.key, id), this.redis.srem(`${this.prefix}${k.key}:flying`, id)]));
  }
}

/** The windows one Web API call must fit, or none for a method we do not pace. */
export function paceKeysOf(rules: SlackPaceRules, method: string, options: Record<string, unknown> | undefined): PaceKey[] {
  const rule = rules.methods[method];
  if (!rule) return [];
  const keys: PaceKey[] = [{ key: `method:${method}`, ...rule }];
  const channel = options?.channel;
  if (method === 'chat.postMessage' && typeof channel === 'string') {
    // A user id posts into the app's DM with them: the same channel as its D… id, for Slack.
    keys.push({ key: `channel:${/^[UW]/.test(channel) ? `im:${channel}` : channel}`, ...rules.perChannel });
  }
  return keys;
}
