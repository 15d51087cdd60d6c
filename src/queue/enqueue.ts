import type { JobsOptions } from 'bullmq';
import type { QueueBackend } from './backend.ts';
import { InvalidPayloadError } from './errors.ts';
import { assertJobId } from './job-id.ts';
import { describeIssues, type PayloadInput, type QueueRegistry } from './registry.ts';

export interface EnqueueOptions {
  /** Dedupes: while a job with this id exists, enqueueing it again does nothing. Use jobId(). */
  jobId?: string;
  /** Run no earlier than `delay` ms from now. */
  delay?: number;
  /** Run no earlier than this instant (wins over `delay`). */
  at?: Date;
  /**
   * The jobId names something created just now (an outbox row this transaction inserted), so no
   * earlier job can hold it, failed or otherwise: the look-up for one is skipped (two Redis
   * round trips of three, for every message update an accepted invite queues).
   */
  fresh?: boolean;
}

/** Adds one validated job; resolves to its job id. */
export type Enqueue<R extends QueueRegistry> = <N extends keyof R & string>(
  name: N,
  payload: PayloadInput<R, N>,
  options?: EnqueueOptions,
) => Promise<string>;

/**
 * The typed producer for a registry: validates the payload with the queue's schema (throwing
 * InvalidPayloadError and enqueueing nothing when it does not match) and applies the queue's
 * default job options.
 */
export function createEnqueue<R extends QueueRegistry>(backend: QueueBackend, registry: R): Enqueue<R> {
  const batched = batcher(backend);
  return async (name, payload, options = {}) => {
    const definition = registry[name];
    if (!definition) throw new Error(`Unknown queue "${name}": declare it in src/queues.ts`);
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) throw new InvalidPayloadError(name, describeIssues(parsed.error));
    const jobOptions: JobsOptions = { ...definition.defaults };
    if (options.jobId !== undefined) {
      assertJobId(options.jobId);
      jobOptions.jobId = options.jobId;
    }
    const delay = options.at ? options.at.getTime() - Date.now() : options.delay;
    if (delay !== undefined && delay > 0) jobOptions.delay = Math.round(delay);
    if (definition.batchMs && jobOptions.jobId === undefined && jobOptions.delay === undefined) return batched(name, definition.batchMs, payload, jobOptions);
    // The raw input is stored, not the parsed output: the worker parses again with the schema
    // of its own version, so defaults added later still apply to jobs already queued.
    const queue = backend.queue(name);
    // A deterministic id that already failed for good would block the work for as long as
    // BullMQ keeps failed jobs. Postgres says the work is still due (that is why it is being
    // enqueued again), so the failed job makes way for a fresh one with a full set of attempts.
    // After a Redis flush with workers running, a worker finishing a job whose keys were deleted
    // can leave a job hash in no state at all ('unknown'): it would dedupe the fresh job for ever.
    if (options.jobId !== undefined && !options.fresh) {
      const existing = await queue.getJob(options.jobId);
      const state = existing ? await existing.getState() : undefined;
      if (existing && (state === 'failed' || state === 'unknown')) await existing.remove().catch(() => undefined);
    }
    const job = await queue.add(name, payload, jobOptions);
    return job.id ?? options.jobId ?? '';
  };
}

interface Waiting {
  payload: unknown;
  options: JobsOptions;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects a queue's jobs for `batchMs` from the first, then adds them with one addBulk: one
 * Redis round trip for the lot. Each caller's promise settles with its own job's id or the
 * batch's error, so a caller awaiting it (a listener, which shutdown waits for) still knows.
 */
function batcher(backend: QueueBackend) {
  const open = new Map<string, Waiting[]>();
  const flush = (name: string) => {
    const waiting = open.get(name) ?? [];
    open.delete(name);
    backend.queue(name).addBulk(waiting.map((w) => ({ name, data: w.payload, opts: w.options }))).then(
      (jobs) => waiting.forEach((w, i) => w.resolve(jobs[i]?.id ?? '')),
      (error: unknown) => waiting.forEach((w) => w.reject(error)),
    );
  };
  return (name: string, batchMs: number, payload: unknown, options: JobsOptions) => new Promise<string>((resolve, reject) => {
    let waiting = open.get(name);
    if (!waiting) {
      open.set(name, (waiting = []));
      setTimeout(() => flush(name), batchMs);
    }
    waiting.push({ payload, options, resolve, reject });
  });
}
