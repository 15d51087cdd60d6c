import type { Job } from 'bullmq';
import { queues, type JobPayload, type QueueName, type Queues } from '../queues.ts';
import type { JobDeps } from './deps.ts';
import type { Payload, QueueRegistry } from './registry.ts';

/** One processor for one queue. `job.data` is already parsed by the queue's schema. */
export interface ProcessorDefinition<D> {
  queue: string;
  process: (job: Job, deps: D) => Promise<unknown>;
}

/**
 * A `defineProcessor` bound to a registry and a deps type. The product one is below; tests bind
 * their own registry.
 */
export function processorsFor<R extends QueueRegistry, D>(_registry: R) {
  return <N extends keyof R & string>(
    queue: N,
    process: (job: Job<Payload<R, N>>, deps: D) => Promise<unknown>,
  ): ProcessorDefinition<D> => ({ queue, process: process as ProcessorDefinition<D>['process'] });
}

/**
 * Declares the processor of a product queue, in jobs/<queue>.processor.ts:
 *
 *   export default defineProcessor('roster-sync', async (job, deps) => syncRoster(deps.db, job.data));
 *
 * Keep it thin (parse is done; call a service) and idempotent: delivery is at least once.
 * Throw UnrecoverableError for permanent failures, RateLimitedError (or let a Slack/Google
 * rate-limit error through) to pause the queue without burning an attempt, and RetryLaterError
 * to wait on something that resolves by itself (a row another worker holds), also uncounted.
 */
export const defineProcessor: <N extends QueueName>(
  queue: N,
  process: (job: Job<JobPayload<N>>, deps: JobDeps) => Promise<unknown>,
) => ProcessorDefinition<JobDeps> = processorsFor<Queues, JobDeps>(queues);
