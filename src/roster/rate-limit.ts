import { ErrorCode, type WebAPIRateLimitedError } from '@slack/web-api';
import { backoffDelayMs, classifyGoogleError, GoogleRateLimitedError } from '../google/errors.ts';

/** Waits `ms`; tests and the benchmark inject one that moves a virtual clock instead. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often one call may be rate-limited in a row before the walk gives up (the job retries later). */
const MAX_WAITS = 30;

export interface WaitLog {
  /** Number of waits and their total, for the sync's stats. */
  waits: number;
  waitedMs: number;
}

function isSlackRateLimited(error: unknown): error is WebAPIRateLimitedError {
  return (error as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError;
}

/**
 * Calls a Slack Tier-2 method, sleeping each 429's Retry-After inside the walk. A directory walk
 * is one long job: failing it on the 21st page and starting over would never finish.
 */
export async function slackCall<T>(call: () => Promise<T>, sleep: Sleep, log: WaitLog): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await call();
    } catch (error) {
      if (!isSlackRateLimited(error) || waits >= MAX_WAITS) throw error;
      const ms = Math.max(1, error.retryAfter) * 1000;
      log.waits++;
      log.waitedMs += ms;
      await sleep(ms);
    }
  }
}

/** Calls a Google method, backing off exponentially with jitter on 403 rateLimitExceeded / 429. */
export async function googleCall<T>(method: string, call: () => Promise<T>, sleep: Sleep, log: WaitLog, random: () => number = Math.random): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const classified = classifyGoogleError(error, method, attempt, { random });
      if (!(classified instanceof GoogleRateLimitedError) || attempt >= MAX_WAITS) throw classified;
      const ms = Math.max(classified.retryAfterMs, backoffDelayMs(attempt, { random }));
      log.waits++;
      log.waitedMs += ms;
      await sleep(ms);
    }
  }
}
