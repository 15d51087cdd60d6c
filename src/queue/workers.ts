import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { QueueBackend, WorkerSettings } from './backend.ts';
import { asRateLimited, RetryLaterError, WorkerStartupError } from './errors.ts';
import { jsonLineLogger, type JobLogger } from './log.ts';
import type { ProcessorDefinition } from './processor.ts';
import { describeIssues, type QueueDefinition, type QueueRegistry } from './registry.ts';

export interface StartWorkersOptions<D> {
  queues: QueueRegistry;
  processors: ProcessorDefinition<D>[];
  /** Start only these queues (e.g. a worker pool dedicated to the outbox). Default: all. */
  only?: string[];
  /** Ignore the queues' limiters (the sandbox enforces its own limits; 429s are still honoured). */
  ignoreLimiters?: boolean;
  /** Replaces a queue's limiter (a benchmark on a scaled clock scales the budgets with it). */
  limiters?: Record<string, { max: number; duration: number }>;
  log?: JobLogger;
  /** Extra BullMQ worker settings for every queue (e.g. lockDuration/stalledInterval in tests). */
  workerSettings?: WorkerSettings;
}

export interface WorkerHandles {
  workers: Map<string, Worker>;
  /** Stops taking jobs and waits for active ones, at most `timeoutMs`; true if all finished. */
  close(timeoutMs?: number): Promise<boolean>;
}

/** Checks that each queue in scope has exactly one processor; lists every problem at once. */
export function checkProcessors<D>(opts: StartWorkersOptions<D>): Map<string, ProcessorDefinition<D>> {
  const problems: string[] = [];
  const byQueue = new Map<string, ProcessorDefinition<D>[]>();
  for (const processor of opts.processors) {
    if (!(processor.queue in opts.queues)) {
      problems.push(`a processor is registered for "${processor.queue}", which is not a queue in src/queues.ts`);
    }
    byQueue.set(processor.queue, [...(byQueue.get(processor.queue) ?? []), processor]);
  }
  for (const name of opts.only ?? []) {
    if (!(name in opts.queues)) problems.push(`"${name}" was asked for but is not a queue in src/queues.ts`);
  }
  const chosen = new Map<string, ProcessorDefinition<D>>();
  for (const name of (opts.only ?? Object.keys(opts.queues)).filter((n) => n in opts.queues)) {
    const found = byQueue.get(name) ?? [];
    if (found.length === 0) {
      problems.push(`queue "${name}" has no processor: add jobs/${name}.processor.ts and list it in jobs/index.ts`);
    } else if (found.length > 1) {
      problems.push(`queue "${name}" has ${found.length} processors: keep exactly one in jobs/index.ts`);
    } else chosen.set(name, found[0]!);
  }
  if (problems.length > 0) throw new WorkerStartupError(problems);
  return chosen;
}

/**
 * Starts one BullMQ worker per queue in scope. Fails fast (WorkerStartupError) before starting
 * anything if a queue has no processor or two.
 */
export function startWorkers<D>(backend: QueueBackend, deps: D, opts: StartWorkersOptions<D>): WorkerHandles {
  const chosen = checkProcessors(opts);
  const log = opts.log ?? jsonLineLogger;
  const workers = new Map<string, Worker>();
  for (const [name, processor] of chosen) {
    const definition = opts.queues[name]!;
    workers.set(name, startOne(backend, deps, name, definition, processor, log, opts));
  }
  return {
    workers,
    async close(timeoutMs = 25_000) {
      const closed = Promise.all([...workers.values()].map((w) => w.close())).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const finished = await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      return finished;
    },
  };
}

/**
 * A limiter that never bites. BullMQ enforces worker.rateLimit() queue-wide only through the
 * limiter machinery (without one, Redis re-runs the job at once and Postgres pauses only the
 * worker that saw the 429), so every queue gets at least this one. Cost: claims on a Postgres
 * queue serialise on an advisory lock (see bench/queue.bench.ts).
 */
const UNLIMITED = { max: 1_000_000, duration: 1_000 };

function startOne<D>(
  backend: QueueBackend,
  deps: D,
  name: string,
  definition: QueueDefinition,
  processor: ProcessorDefinition<D>,
  log: JobLogger,
  opts: StartWorkersOptions<D>,
): Worker {
  const worker: Worker = backend.worker(
    name,
    async (job: Job, token?: string) => {
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid payload: ${describeIssues(parsed.error).join('; ')}`);
      }
      job.data = parsed.data;
      try {
        return await processor.process(job, deps);
      } catch (err) {
        if (err instanceof RetryLaterError && token) {
          // Back to delayed without counting an attempt; BullMQ recognises DelayedError by name,
          // so the ESM class serves the Postgres backend's CJS worker too.
          await job.moveToDelayed(Date.now() + err.delayMs, token);
          throw new DelayedError(err.message);
        }
        const limited = asRateLimited(err);
        if (!limited) throw err;
        // A budget, not an error: pause the whole queue and return the job to waiting without
        // counting an attempt.
        log.warn('queue paused by rate limit', { queue: name, jobId: job.id, scope: limited.scope, ms: limited.retryAfterMs });
        await worker.rateLimit(limited.retryAfterMs);
        throw backend.rateLimitError();
      }
    },
    {
      ...opts.workerSettings,
      concurrency: definition.concurrency,
      limiter: opts.limiters?.[name] ?? (!opts.ignoreLimiters && definition.limiter ? definition.limiter : UNLIMITED),
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    // Earlier attempts will be retried; only the last one is worth someone's attention.
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) {
      log.error('job failed for good', { queue: name, jobId: job.id, attempts: job.attemptsMade, error: err.message });
    }
  });
  worker.on('error', (err) => log.error('worker error', { queue: name, error: err.message }));
  return worker;
}
