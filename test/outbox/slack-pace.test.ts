import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacedWebClient } from '../../src/outbox/paced-slack-client.ts';
import { MemoryPaceStore, PACE_MARGIN, PACE_MARGIN_MS, paceKeysOf, RedisPaceStore, type PaceKey, type SlackPaceRules } from '../../src/outbox/slack-pace.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/sandbox/slack/index.ts';
import { TEST_REDIS_URL } from '../support/runtime.ts';

/** Most slots inside any `windowMs` (half-open: a slot exactly a window later has left it). */
function busiest(slots: number[], windowMs: number): number {
  const sorted = [...slots].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('Slack pacing: slots in sliding windows', () => {
  it('lets the first `limit` calls go at once, then one per slot leaving the window, per key', async () => {
    let now = 1_000_000;
    const store = new MemoryPaceStore(() => now);
    const method: PaceKey = { key: 'method:chat.postMessage', limit: 3, windowMs: 1_000 };
    const waits = [];
    for (let i = 0; i < 7; i++) {
      waits.push((await store.reserve([method], `c${i}`)).waitMs);
      await store.settle([method], `c${i}`);
    }
    const gap = Math.ceil(1_000 * (1 + PACE_MARGIN)) + PACE_MARGIN_MS;
    expect(waits).toEqual([0, 0, 0, gap, gap, gap, 2 * gap]);
    // A call that also counts against a busy channel waits for both.
    const channel: PaceKey = { key: 'channel:C1', limit: 1, windowMs: 500 };
    now += 5_000;
    expect(await store.reserve([method, channel], 'a')).toEqual({ waitMs: 0, firm: true });
    // 'a' is still in flight: a call behind it learns when to ask again, and takes no slot yet.
    const span = Math.ceil(500 * (1 + PACE_MARGIN)) + PACE_MARGIN_MS;
    expect(await store.reserve([method, channel], 'b')).toEqual({ waitMs: span, firm: false });
    now += 40;
    await store.settle([method, channel], 'a');
    // Answered 40 ms after its slot: the window counts from the answer.
    expect(await store.reserve([method, channel], 'b')).toEqual({ waitMs: span, firm: true });
    // A slot given back frees its place.
    await store.release([method, channel], 'b');
    expect((await store.reserve([channel], 'c')).waitMs).toBe(span);
  });

  it('in Redis, many workers at once never put more than `limit` calls in any window', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const prefix = `pace-test-${randomBytes(4).toString('hex')}:`;
    try {
      const store = new RedisPaceStore(redis, prefix);
      const method: PaceKey = { key: 'method:chat.postMessage', limit: 10, windowMs: 200 };
      const channels = ['C1', 'C2', 'C3'].map((c): PaceKey => ({ key: `channel:${c}`, limit: 2, windowMs: 100 }));
      const ids = Array.from({ length: 60 }, (_, i) => `call${i}`);
      // Each worker asks until its slot is firm, then "calls" (settles) at once.
      const waits = await Promise.all(ids.map(async (id, i) => {
        const keys = [method, channels[i % 3]!];
        for (;;) {
          const answer = await store.reserve(keys, id);
          await new Promise((r) => setTimeout(r, Math.max(answer.waitMs, answer.firm ? 0 : 5)));
          if (answer.firm) { await store.settle(keys, id); return answer.waitMs; }
        }
      }));
      expect(Math.min(...waits)).toBe(0);
      const slotsOf = async (key: string) => (await redis.zrange(prefix + key, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
      const all = await slotsOf(method.key);
      expect(all).toHaveLength(60);
      expect(busiest(all, 200)).toBe(10);
      for (const c of channels) expect(busiest(await slotsOf(c.key), 100)).toBeLessThanOrEqual(2);
      // 60 calls at 10 per 200 ms: the last slot is five windows (with the margin) after the first.
      expect(Math.max(...all) - Math.min(...all)).toBeGreaterThanOrEqual(5 * 200);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('chat.postMessage to a user id and to other channels count per channel; unpaced methods pass', () => {
    const rules: SlackPaceRules = { methods: { 'chat.postMessage': { limit: 300, windowMs: 60_000 } }, perChannel: { limit: 1, windowMs: 1_000 } };
    expect(paceKeysOf(rules, 'chat.postMessage', { channel: 'U123' }).map((k) => k.key)).toEqual(['method:chat.postMessage', 'channel:im:U123']);
    expect(paceKeysOf(rules, 'views.publish', { user_id: 'U1' })).toEqual([]);
  });
});

describe('PacedWebClient against the emulator with strict limits', () => {
  let slack: SlackEmulator;
  beforeAll(async () => {
    slack = await startSlackEmulator();
  });
  afterAll(async () => slack?.close());

  it('posts a burst into a few channels without meeting a single 429', async () => {
    slack.limits.set('chat.postMessage', { limit: 8, windowMs: 400 });
    slack.limits.setPerChannel({ limit: 1, windowMs: 100 });
    const users = [1, 2, 3].map((i) => slack.workspace.addUser({ email: `pace${i}@example.com`, realName: `Pace ${i}` }));
    const rules: SlackPaceRules = { methods: { 'chat.postMessage': { limit: 8, windowMs: 400 } }, perChannel: { limit: 1, windowMs: 100 } };
    const client = new PacedWebClient(slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } },
      { rules, store: new MemoryPaceStore() });
    const started = Date.now();
    await Promise.all(Array.from({ length: 24 }, (_, i) => client.chat.postMessage({ channel: users[i % 3]!.id, text: `m${i}` })));
    const calls = slack.log.calls('chat.postMessage');
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
    expect(calls.filter((c) => c.ok)).toHaveLength(24);
    // 24 calls, 8 per 400 ms: at least two windows after the first burst, and not much more.
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(800);
    expect(took).toBeLessThan(4_000);
  });
});
