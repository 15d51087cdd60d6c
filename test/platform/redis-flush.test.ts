import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents } from '../../src/outbox/outbox.repository.ts';
import { RECONCILE_SCHEDULER, ROSTER_SYNC_SCHEDULER } from '../../src/platform/schedules.ts';
import { startTestRuntime, TEST_REDIS_URL, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
let redis: Redis;
beforeAll(async () => {
  rt = await startTestRuntime({ schedules: { keepEveryMs: 300 } });
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  await rt?.stop();
  await redis?.quit();
});

/** FLUSHALL for this process alone: the machine's Redis is shared with other test runs. */
async function flushOurKeys(): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${rt.config.QUEUE_PREFIX}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe('a Redis flush with the processes running', () => {
  it('gets the schedules back and rebuilds the due work from Postgres, without a restart', async () => {
    const reconcileQueue = rt.backend.queue('reconcile');
    expect(await reconcileQueue.getJobScheduler(RECONCILE_SCHEDULER)).toBeTruthy();
    expect(await flushOurKeys()).toBeGreaterThan(0);
    // Work only Postgres knows about (its job went with the flush).
    const user = rt.slackEmulator.workspace.addUser({ email: 'flushed@example.com', realName: 'Flushed' });
    await addIntents(rt.db, [{ key: 'flush/1', kind: 'slack.message', payload: { channel: user.id, text: 'still here' } }], rt.clock.now());
    await waitFor(async () => !!(await reconcileQueue.getJobScheduler(RECONCILE_SCHEDULER)) &&
      !!(await rt.backend.queue('roster-sync').getJobScheduler(ROSTER_SYNC_SCHEDULER)), 10_000);
    await waitFor(() => rt.slackEmulator.log.dmsTo(user.id).length > 0, 15_000);
    expect(rt.slackEmulator.log.dmsTo(user.id).map((m) => m.text)).toEqual(['still here']);
  });
});
