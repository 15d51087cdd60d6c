import type { JobsOptions, RateLimiterOptions } from 'bullmq';
import type { z } from 'zod';

/** One queue of the contract: what its jobs carry and how they are retried and kept. */
export interface QueueDefinition<S extends z.ZodType = z.ZodType> {
  /** What one job does, in a sentence; shown in start-up errors and logs. */
  purpose: string;
  /** Validated on enqueue (the caller's bug) and again before processing (old jobs, other writers). */
  payload: S;
  /** Default BullMQ options for every job of this queue; enqueue may set jobId/delay on top. */
  defaults: JobsOptions;
  /**
   * Jobs per window, across all workers of this queue. Set it where a job calls a rate-limited
   * API; a 429 still pauses the queue for its Retry-After on top of this.
   */
  limiter?: RateLimiterOptions;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /**
   * Jobs without an id or delay enqueued within this many ms go to Redis together, in one round
   * trip (addBulk). For queues fed by many small requests whose caller has already answered.
   */
  batchMs?: number;
}

export type QueueRegistry = Record<string, QueueDefinition>;

/** What a caller passes: the payload before zod defaults/transforms. */
export type PayloadInput<R extends QueueRegistry, N extends keyof R> = z.input<R[N]['payload']>;
/** What a processor receives: the payload after parsing. */
export type Payload<R extends QueueRegistry, N extends keyof R> = z.output<R[N]['payload']>;

const HOUR_S = 3600;

/**
 * Our standard retry and retention policy. Exponential backoff with jitter spreads retries of
 * many jobs that failed together (an API outage) instead of retrying them in lockstep.
 * Completed jobs are kept a day (job ids dedupe only while the job exists), failed ones a week.
 */
export const STANDARD_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * HOUR_S, count: 5_000 },
  removeOnFail: { age: 7 * 24 * HOUR_S, count: 5_000 },
} satisfies JobsOptions;

interface QueueSpec<S extends z.ZodType> {
  purpose: string;
  payload: S;
  /** Overrides of STANDARD_JOB_OPTIONS for this queue. */
  defaults?: JobsOptions;
  limiter?: RateLimiterOptions;
  concurrency?: number;
  batchMs?: number;
}

/** Declares one queue; fills in the standard job options and a concurrency of 1. */
export function defineQueue<S extends z.ZodType>(spec: QueueSpec<S>): QueueDefinition<S> {
  return {
    purpose: spec.purpose,
    payload: spec.payload,
    defaults: { ...STANDARD_JOB_OPTIONS, ...spec.defaults },
    ...(spec.limiter ? { limiter: spec.limiter } : {}),
    concurrency: spec.concurrency ?? 1,
    ...(spec.batchMs ? { batchMs: spec.batchMs } : {}),
  };
}

/** Formats zod issues as "path: message" lines for error messages. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}
