import type { Db } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Queues } from '../queues.ts';
import type { Enqueue } from './enqueue.ts';
import type { JobLogger } from './log.ts';

/**
 * What every product processor receives besides its job, built once at worker start.
 * Extend it where your dependency is defined, without editing this file:
 *
 *   declare module '../queue/deps.ts' { interface JobDeps { slack: WebClient } }
 *
 * (interface merging), then pass the value in the deps object handed to startWorkers.
 */
export interface JobDeps {
  db: Db;
  clock: Clock;
  log: JobLogger;
  /** Follow-up work: enqueue from a processor the same way the app does. */
  enqueue: Enqueue<Queues>;
}
