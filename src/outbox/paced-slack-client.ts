import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';
import { RetryLaterError } from '../queue/errors.ts';
import { paceKeysOf, type PaceStore, type SlackPaceRules } from './slack-pace.ts';

/** A wait longer than this hands the job back to the queue instead of holding a worker slot. */
const MAX_SLEEP_MS = 10_000;
/** How soon to ask again for a slot behind a call still in flight. */
const IN_FLIGHT_POLL_MS = 5;

/** The call's slot is further off than a worker should sleep; the job comes back then, uncounted. */
export class PaceWaitError extends RetryLaterError {
  constructor(method: string, waitMs: number) {
    super(waitMs, `Pacing ${method}: next slot in ${waitMs} ms`);
    this.name = 'PaceWaitError';
  }
}

/**
 * The workers' Web API client, paced to Slack's published limits before each call: it waits for
 * a slot in every window the call counts against (the method's, and for chat.postMessage the
 * channel's) instead of meeting a 429, which pauses the whole queue for a Retry-After of whole
 * seconds and leaves the pipe empty meanwhile. A 429 that still comes (another app's traffic,
 * limits tighter than published) is handled as before: the queue pauses, no attempt is counted.
 */
export class PacedWebClient extends WebClient {
  private readonly paceRules: SlackPaceRules;
  private readonly paceStore: PaceStore;

  constructor(token: string | undefined, options: WebClientOptions, pace: { rules: SlackPaceRules; store: PaceStore }) {
    super(token, options);
    this.paceRules = pace.rules;
    this.paceStore = pace.store;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const keys = paceKeysOf(this.paceRules, method, options);
    if (keys.length === 0) return super.apiCall(method, options);
    const id = randomUUID();
    for (;;) {
      const { waitMs, firm } = await this.paceStore.reserve(keys, id);
      if (waitMs > MAX_SLEEP_MS) {
        if (firm) await this.paceStore.release(keys, id);
        throw new PaceWaitError(method, waitMs);
      }
      if (firm) {
        if (waitMs > 0) await sleep(waitMs);
        break;
      }
      // The call this one must follow is still in flight: ask again once it should have landed.
      await sleep(Math.max(IN_FLIGHT_POLL_MS, waitMs));
    }
    try {
      return await super.apiCall(method, options);
    } finally {
      // Answered or not, the call may have been counted: its slot stays, as of now.
      await this.paceStore.settle(keys, id).catch(() => undefined);
    }
  }
}
