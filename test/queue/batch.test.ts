import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createQueueBackend, type BackendKind, type QueueBackend } from '../../src/queue/backend.ts';
import { createEnqueue } from '../../src/queue/enqueue.ts';
import { InvalidPayloadError } from '../../src/queue/errors.ts';
import { jobId } from '../../src/queue/job-id.ts';
import { defineQueue } from '../../src/queue/registry.ts';
import { REDIS_URL, uniquePrefix } from './fixtures/backends.ts';
import { createQueueDatabase } from './fixtures/database.ts';

const queues = {
  opened: defineQueue({ purpose: 'batch test: one job per open', payload: z.object({ who: z.string().min(1) }), concurrency: 1, batchMs: 30 }),
};

describe.each<BackendKind>(['redis', 'postgres'])('a queue with batchMs on %s', (kind) => {
  let backend: QueueBackend;
  let database: { url: string; destroy(): Promise<void> } | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') database = await createQueueDatabase();
  });
  afterAll(async () => database?.destroy());
  afterEach(async () => {
    if (kind === 'redis') await backend.queue('opened').obliterate({ force: true });
    await backend.close();
  });
  const open = () => createQueueBackend({ redisUrl: kind === 'redis' ? REDIS_URL : undefined, databaseUrl: database?.url ?? '', prefix: uniquePrefix(kind) });

  it('adds the jobs enqueued within the window in one addBulk, each caller getting its own job', async () => {
    backend = await open();
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
    backend = await open();
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
