import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { queueNames } from '../../src/queues.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { startTestRuntime, TEST_REDIS_URL, type TestRuntime } from '../support/runtime.ts';
import { addPerson, at, seedPod, withKey, type Member } from './fixtures.ts';

// Ten pods of three Londoners, all meeting Wednesdays 11:00 London from 4 March 2026.
let rt: TestRuntime;
const pods: Awaited<ReturnType<typeof seedPod>>[] = [];
const people: Member[] = [];
beforeAll(async () => {
  rt = await startTestRuntime({ clock: new ManualClock('2026-03-02T08:00:00Z') });
  const programmeId = (await rt.db.insertInto('programme').values({ name: 'Durable' }).returning('id').executeTakeFirstOrThrow()).id;
  for (let p = 0; p < 10; p++) {
    const members = [await addPerson(rt, `P${p}a`, 'Europe/London'), await addPerson(rt, `P${p}b`, 'Europe/London'), await addPerson(rt, `P${p}c`, 'Europe/London')];
    people.push(...members);
    pods.push(await seedPod(rt, { members, firstDate: '2026-03-04', localTime: '11:00', recurrenceZone: 'Europe/London', programmeId, name: `Pod ${p}` }));
  }
});
afterAll(async () => rt?.stop());

const keyed = (pattern: RegExp) => withKey(rt, pattern).length;
const pendingOutbox = async () => (await rt.db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length;

/** Every job in Redis lost, as FLUSHALL would (only this test's key prefix: Redis is shared). */
async function flushRedis(): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${rt.config.QUEUE_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

describe('the rhythm survives crashes, 429s and a lost Redis', () => {
  it('a worker killed between posting and recording never posts the prompt twice', async () => {
    // The post reaches Slack, the answer is lost (as if the worker died before recording it).
    rt.slackEmulator.faults.injectAfterEffect('chat.postMessage', 'drop', 3);
    await at(rt, '2026-03-03T10:00:30Z'); // Tuesday 10:00: the ten prompts
    await expect.poll(async () => { await reconcile(rt); await rt.drain(); return pendingOutbox(); }, { timeout: 30_000, interval: 500 }).toBe(0);
    // And a row left exactly as a SIGKILL after chat.postMessage leaves it: attempted, not recorded.
    const row = await rt.db.selectFrom('outbox').select('id').where('idempotency_key', 'like', 'session/%/prompt').limit(1).executeTakeFirstOrThrow();
    await rt.db.updateTable('outbox').set({ state: 'pending', sent_at: null, attempts: 1, uncertain: true }).where('id', '=', row.id).execute();
    // Its job runs again, as BullMQ re-runs a stalled job whose worker died.
    await rt.backend.queue('outbox-slack').remove(jobId('outbox', row.id));
    await reconcile(rt);
    await rt.drain();
    expect(keyed(/\/prompt$/)).toBe(10);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('a 429 storm on chat.postMessage delays the reminders but loses none and duplicates none', async () => {
    rt.slackEmulator.faults.inject('chat.postMessage', '429', 25, 1);
    await at(rt, '2026-03-04T10:00:30Z'); // an hour before: ten group reminders
    await expect.poll(async () => { await reconcile(rt); await rt.drain(); return keyed(/\/reminder$/); }, { timeout: 60_000, interval: 1_000 }).toBe(10);
    expect(rt.slackEmulator.faults.pending('chat.postMessage')).toBe(0);
    expect(rt.slackEmulator.log.calls('chat.postMessage').filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(25);
    expect(await rt.db.selectFrom('outbox').select('state').where('state', '<>', 'sent').execute()).toEqual([]);
    // 429s are a budget, not a failure: no reminder used up more than its one real attempt.
    const attempts = await rt.db.selectFrom('outbox').select('attempts').where('idempotency_key', 'like', 'session/%/reminder').execute();
    expect(attempts.map((a) => a.attempts)).toEqual(Array(10).fill(1));
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('Redis flushed mid-week with the workers running: the next tick rebuilds every due check-in', async () => {
    const outbox = rt.workers!.workers.get('outbox-slack')!;
    await outbox.pause();
    (rt.clock as ManualClock).set('2026-03-04T12:10:30Z');
    await reconcile(rt); // check-ins written and enqueued, not yet delivered
    expect(await pendingOutbox()).toBe(10);
    expect(await flushRedis()).toBeGreaterThan(0);
    outbox.resume();
    await rt.drain();
    expect(keyed(/\/check-in$/)).toBe(0); // the jobs were in Redis: gone
    await reconcile(rt);
    await rt.drain();
    expect(keyed(/\/check-in$/)).toBe(10);
    await reconcile(rt);
    await rt.drain();
    expect(keyed(/\/check-in$/)).toBe(10);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('every queue still works after the flush', async () => {
    expect(queueNames).toContain('outbox-slack');
    (rt.clock as ManualClock).set('2026-03-10T11:00:30Z');
    await reconcile(rt);
    const counts = async () => Object.fromEntries(await Promise.all(queueNames.map(async (n) => [n, await rt.backend.queue(n).getJobCounts('active', 'waiting', 'delayed')])));
    await rt.drain().catch(async (e) => { console.log(JSON.stringify(await counts())); throw e; });
    expect(keyed(/\/prompt$/)).toBe(20);
  });
});
