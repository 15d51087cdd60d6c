import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_NICE } from '../../src/cli/start.ts';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { spawnPeerProcess, type PeerProcess } from '../../src/sandbox/process/spawn.ts';
import { startTestRuntime, TEST_REDIS_URL, type TestRuntime } from '../support/runtime.ts';

// A worker process killed (SIGKILL, no shutdown) after Slack received a message and before the
// outbox row was marked sent. The emulators stay up in this process; the worker is a process of
// its own, started as `peerpods start --worker` starts, and restarted after the kill.
let rt: TestRuntime;
const workers: PeerProcess[] = [];
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false, app: false });
});
afterAll(async () => {
  for (const worker of workers) await worker.kill();
  await rt?.stop();
});

function startWorker(): PeerProcess {
  const worker = spawnPeerProcess(
    {
      roles: { app: false, workers: true },
      emulators: { slack: { apiUrl: rt.slackEmulator.apiUrl, botToken: rt.slackEmulator.botToken }, google: { rootUrl: rt.googleEmulator.rootUrl } },
      ignoreLimiters: true,
      schedules: false,
      // The killed worker's lock lapses in 2 s (30 s by default), so the test stays short.
      workerSettings: { lockDuration: 2_000, stalledInterval: 1_000 },
    },
    { NODE_ENV: 'test', DATABASE_URL: rt.databaseUrl, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: rt.config.QUEUE_PREFIX, LOG_LEVEL: 'warn', HEALTH_PORT: '0' },
  );
  workers.push(worker);
  return worker;
}

describe('a worker killed between send and record', () => {
  it('never produces a second copy: the restarted worker finds the message and records it', async () => {
    const first = startWorker();
    await first.ready;
    // A process of workers only yields the CPU to an app process on the same machine.
    expect(getPriority(first.child.pid!)).toBeGreaterThanOrEqual(WORKER_NICE);
    const user = rt.slackEmulator.workspace.addUser({ email: 'crash@example.com', realName: 'Crash' });
    // Slack stores the message, then never answers: the worker sits between send and record.
    rt.slackEmulator.faults.injectAfterEffect('chat.postMessage', 'timeout');
    await withOutbox(rt, async (_trx, emit) => {
      emit({ key: 'crash/welcome', kind: 'slack.message', payload: { channel: user.id, text: 'welcome' } });
    });
    await expect.poll(() => rt.slackEmulator.log.messagesWithKey('crash/welcome').length, { timeout: 15_000, interval: 20 }).toBe(1);
    const row = () => rt.db.selectFrom('outbox').select(['state', 'uncertain', 'attempts']).where('idempotency_key', '=', 'crash/welcome').executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ state: 'pending', uncertain: true });
    await first.kill();
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = startWorker();
    await second.ready;
    await expect.poll(async () => (await row()).state, { timeout: 20_000, interval: 100 }).toBe('sent');
    expect(rt.slackEmulator.log.messagesWithKey('crash/welcome')).toHaveLength(1);
    expect(rt.slackEmulator.log.dmsTo(user.id).map((m) => m.text)).toEqual(['welcome']);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
    // The restart looked before posting again: one postMessage only, then a history read.
    expect(rt.slackEmulator.log.calls('chat.postMessage')).toHaveLength(1);
    expect(rt.slackEmulator.log.calls('conversations.history').length).toBeGreaterThan(0);
  }, 45_000);
});
