import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // expect.poll waits for work done after an ack or by a worker; Vitest's 1 s default fails on a
    // loaded 2-core machine (seen: a reschedule test's answer() timing out at load 15), not on a bug.
    expect: { poll: { timeout: 10_000 } },
  },
});
