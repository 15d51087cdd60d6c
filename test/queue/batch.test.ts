import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createQueueBackend, type QueueBackend } from '../../src/queue/backend.ts';
import { createEnqueue } from '../../src/queue/enqueue.ts';
import { InvalidPayloadError } from '../../src/queue/errors.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { defineQueue } from '../../src/queue/registry.ts';
import { REDIS_URL, uniquePrefix } from './fixtures/backends.ts';

const queues = {
  opened: defineQueue({ purpose: 'batch test: one job per open', payload: z.object({ who: z.string().min(1) }), concurrency: 1, batchMs: 30 }),
};

describe('a queue with batchMs', () => {
  let backend: QueueBackend;
  afterEach(async () => {
    await backend.queue('opened').obliterate({ force: true });
    await backend.close();
  });

  it('adds the jobs enqueued within the window in one addBulk, each caller getting its own job', async () => {
    backend = await createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: '', prefix: uniquePrefix('redis') });
    const queue = backend.queue('opened');
    const bulk = vi.spyOn(queue, 'addBulk');
    const single = vi.spyOn(queue, 'add');
    const enqueue = createEnqueue(backend, queues);
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((who) => enqueue('opened', { who })));
    expect(new Set(ids).size).toBe(5);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(single).not.toHaveBeenCalled();
    const stored = await Promise.all(ids.map((id) => queue.getJob(id)));
    expect(stored.map((job) => (job?.data as { who: string }).who)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // The next window is a batch of its own.
    await enqueue('opened', { who: 'f' });
    expect(bulk).toHaveBeenCalledTimes(2);
  });

  it('adds a job with an id (it dedupes) or a delay on its own, and refuses a bad payload before batching', async () => {
    backend = await createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: '', prefix: uniquePrefix('redis') });
    const queue = backend.queue('opened');
    const bulk = vi.spyOn(queue, 'addBulk');
    const enqueue = createEnqueue(backend, queues);
    await enqueue('opened', { who: 'x' }, { jobId: jobId('opened', 'x') });
    await enqueue('opened', { who: 'y' }, { delay: 60_000 });
    expect(bulk).not.toHaveBeenCalled();
    await expect(enqueue('opened', { who: '' })).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(bulk).not.toHaveBeenCalled();
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 1 });
  });
});
