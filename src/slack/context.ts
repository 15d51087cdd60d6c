import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';

/** Schedules background work; implemented over the queue backend (src/queue). */
export interface Scheduler {
  enqueue(queue: string, payload: Record<string, unknown>, options?: { jobId?: string; delayMs?: number }): Promise<void>;
}

/** What every Slack listener may use. Listeners stay thin: they call feature services. */
export interface AppContext {
  db: Db;
  config: Pick<Config, 'PEERPODS_ADMINS' | 'TEAM_SOURCE' | 'INCLUDE_GUESTS'>;
  clock: Clock;
  scheduler: Scheduler;
  log: Logger;
}
