import type { Redis } from 'ioredis';
import type { QueueBackend } from './backend.ts';

/** Of these job ids, the ones whose job is still waiting, delayed or running (not finished, not gone). */
export type LiveJobs = (queue: string, jobIds: string[]) => Promise<Set<string>>;

const CHUNK = 1_000;

/**
 * One HMGET per job, pipelined: a job is live when its hash exists (it has a `timestamp`) and it
 * has not finished (no `finishedOn`). A flushed Redis has no hashes; a job that failed for good,
 * or a hash a worker wrote back after a flush, has `finishedOn` or no `timestamp`: not live, so
 * the caller enqueues it again (enqueue() clears what is in the way).
 */
export function redisLiveJobs(backend: QueueBackend, redis: Redis): LiveJobs {
  return async (name, jobIds) => {
    const queue = backend.queue(name);
    const live = new Set<string>();
    for (let i = 0; i < jobIds.length; i += CHUNK) {
      const ids = jobIds.slice(i, i + CHUNK);
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hmget(queue.toKey(id), 'timestamp', 'finishedOn');
      const answers = (await pipeline.exec()) ?? [];
      answers.forEach(([error, fields], k) => {
        const [timestamp, finishedOn] = (fields ?? []) as (string | null)[];
        if (!error && timestamp != null && finishedOn == null) live.add(ids[k]!);
      });
    }
    return live;
  };
}
