import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config.ts';
import { ManualClock, type Clock } from '../../src/platform/clock.ts';
import { drainQueues } from '../../src/platform/drain.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../src/platform/runtime.ts';
import type { SlackEmulator } from '../../src/sandbox/slack/index.ts';
import type { GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRuntime extends Runtime {
  slackEmulator: SlackEmulator;
  googleEmulator: GoogleEmulator;
  testDb: TestDatabase;
  /** Resolves when every queue is empty and no job is running (or rejects after timeoutMs). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack's rate windows count real time, but a test on a ManualClock moves by days in seconds
 * (answers on Monday, the deadline on Friday): the windows move with every jump of that clock too,
 * so traffic days apart is not counted as one real minute's. Without a jump they are Slack's own.
 */
function withJumpingRates(clock: Clock | undefined, sandbox: RuntimeOptions['sandbox']): NonNullable<RuntimeOptions['sandbox']> {
  if (!(clock instanceof ManualClock) || sandbox?.slack?.rateClock) return sandbox ?? {};
  const start = clock.now().getTime();
  const rateClock = () => Date.now() + Math.max(0, clock.now().getTime() - start);
  return { ...sandbox, slack: { ...sandbox?.slack, rateClock } };
}

/**
 * A whole peerpods process for integration tests: a fresh cloned database, real Redis under a
 * unique prefix, the Slack and Google emulators, the Bolt app on a free port and the workers.
 */
export async function startTestRuntime(
  options: { clock?: Clock; env?: Record<string, string>; workers?: boolean; app?: boolean } & Pick<RuntimeOptions, 'sandbox' | 'schedules'> = {},
): Promise<TestRuntime> {
  const testDb = await createTestDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    ...options.env,
  });
  const runtime = await startRuntime({
    config,
    roles: { app: options.app ?? true, workers: options.workers ?? true },
    port: 0,
    log: silentLogger,
    ignoreLimiters: true,
    schedules: options.schedules ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sandbox || options.clock instanceof ManualClock ? { sandbox: withJumpingRates(options.clock, options.sandbox) } : {}),
  });
  return Object.assign(runtime, {
    slackEmulator: runtime.sandbox.slack!,
    googleEmulator: runtime.sandbox.google!,
    testDb,
    drain: (timeoutMs = 20_000) => drainQueues(runtime.backend, [...(runtime.workers?.workers.keys() ?? [])], timeoutMs),
    async stop() {
      await runtime.close();
      await testDb.destroy();
    },
  });
}
