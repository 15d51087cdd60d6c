import { describe, expect, it } from 'vitest';
import { processors } from '../../jobs/index.ts';
import { checkProcessors } from '../../src/queue/workers.ts';
import { queueNames, queues } from '../../src/queues.ts';

describe('the queue contract', () => {
  it('every queue retries with a backoff and keeps finished jobs for a bounded time', () => {
    for (const name of queueNames) {
      const { defaults, concurrency } = queues[name];
      expect(defaults.attempts, name).toBeGreaterThanOrEqual(1);
      if ((defaults.attempts ?? 1) > 1) expect(defaults.backoff, name).toMatchObject({ delay: expect.any(Number) });
      expect(defaults.removeOnComplete, name).toMatchObject({ age: expect.any(Number) });
      expect(defaults.removeOnFail, name).toMatchObject({ age: expect.any(Number) });
      expect(concurrency, name).toBeGreaterThanOrEqual(1);
    }
  });

  it('names are usable as queue names on both backends', () => {
    for (const name of queueNames) expect(name).toMatch(/^[a-z][a-z-]*$/);
  });

  it('payloads carry ids and refuse anything else', () => {
    const outboxId = '0b6c6d3e-4f0a-4c51-9a51-1f7c2b9e8d11';
    expect(queues['outbox-google'].payload.parse({ outboxId })).toEqual({ outboxId });
    expect(queues['outbox-google'].payload.safeParse({ outboxId: '12' }).success).toBe(false);
    expect(queues.reconcile.payload.parse({})).toEqual({ reason: 'schedule' });
  });

  it('every product queue has exactly one processor in jobs/index.ts', () => {
    expect([...checkProcessors({ queues, processors }).keys()].sort()).toEqual([...queueNames].sort());
  });
});
