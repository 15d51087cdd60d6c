import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntents } from '../../src/outbox/outbox.repository.ts';
import { reconcileOutbox } from '../../src/outbox/outbox.service.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { startTestRuntime, TEST_REDIS_URL, type TestRuntime } from '../support/runtime.ts';

// The tick re-enqueues only what has no job: it scales with what was lost, not with what waits.
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false, app: false });
});
afterAll(async () => rt?.stop());

describe('reconcileOutbox', () => {
  it('enqueues due rows without a job, leaves queued ones alone, and rebuilds all after a flush', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'live@example.com', realName: 'Live' });
    const rows = await addIntents(rt.db, [1, 2, 3].map((i) => ({ key: `live/${i}`, kind: 'slack.message' as const, payload: { channel: user.id, text: `m${i}` } })), rt.clock.now());
    // Later ones wait in Postgres for their time.
    await addIntents(rt.db, [{ key: 'live/later', kind: 'slack.message', payload: { channel: user.id, text: 'later' }, notBefore: new Date(rt.clock.now().getTime() + 3_600_000) }], rt.clock.now());
    expect(await reconcileOutbox(rt)).toBe(3);
    // No workers: the three jobs wait in Redis; the next ticks find nothing to do.
    expect(await reconcileOutbox(rt)).toBe(0);
    expect(await reconcileOutbox(rt)).toBe(0);
    // One job gone (a crash between commit and enqueue looks the same): only it comes back.
    await rt.backend.queue('outbox-slack').remove(jobId('outbox', rows[0]!.id));
    expect(await reconcileOutbox(rt)).toBe(1);
    // A job that failed for good while its row is still pending is enqueued afresh.
    const queue = rt.backend.queue('outbox-slack');
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await redis.hset(queue.toKey(jobId('outbox', rows[1]!.id)), 'finishedOn', String(Date.now()));
      expect(await reconcileOutbox(rt)).toBe(1);
      // Redis flushed (this test's prefix only: Redis is shared): every due row is rebuilt.
      const keys = await redis.keys(`${rt.config.QUEUE_PREFIX}:*`);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect(await reconcileOutbox(rt)).toBe(3);
    expect(await reconcileOutbox(rt)).toBe(0);
    expect(await queue.getJobCounts('waiting', 'delayed')).toMatchObject({ waiting: 3 });
  });

  it('marks the rows it inserted as fresh (their job ids are new) and a row already there as not', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'fresh@example.com', realName: 'Fresh' });
    const intent = (key: string) => ({ key, kind: 'slack.message' as const, payload: { channel: user.id, text: key } });
    const [first] = await addIntents(rt.db, [intent('fresh/1')], rt.clock.now());
    expect(first).toMatchObject({ fresh: true });
    const again = await addIntents(rt.db, [intent('fresh/1'), intent('fresh/2')], rt.clock.now());
    expect(again.map((row) => ({ same: row.id === first!.id, fresh: row.fresh })).sort((a, b) => Number(a.same) - Number(b.same)))
      .toEqual([{ same: false, fresh: true }, { same: true, fresh: false }]);
  });
});
