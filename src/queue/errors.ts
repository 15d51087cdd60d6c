import { UnrecoverableError } from 'bullmq';

export { UnrecoverableError };

/**
 * An API said "not now": the job is fine, the budget is spent. The worker pauses the whole
 * queue for `retryAfterMs` and puts the job back without burning an attempt.
 */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    /** What was limited, e.g. 'slack:chat.postMessage' or 'google:calendar'; for logs. */
    readonly scope = 'unknown',
  ) {
    super(`Rate limited by ${scope}: retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/**
 * "Not yet", not "failed": the work waits on something that will resolve by itself (a row
 * another worker holds, a message that must be sent before it is edited). The worker moves the
 * job back to delayed for `delayMs` without counting an attempt, so waiting can never use up
 * the retries that real failures need.
 */
export class RetryLaterError extends Error {
  constructor(readonly delayMs: number, message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** A job id BullMQ cannot use safely. Build ids with `jobId()` instead of by hand. */
export class InvalidJobIdError extends Error {
  constructor(readonly jobId: string, reason: string) {
    super(`Invalid job id ${JSON.stringify(jobId)}: ${reason}. Build job ids with jobId() from src/queue/job-id.ts.`);
    this.name = 'InvalidJobIdError';
  }
}

/** An enqueue with a payload that does not match the queue's schema; nothing was enqueued. */
export class InvalidPayloadError extends Error {
  constructor(readonly queue: string, readonly issues: string[]) {
    super(`Invalid payload for queue "${queue}": ${issues.join('; ')}. Fix the caller; nothing was enqueued.`);
    this.name = 'InvalidPayloadError';
  }
}

/** Workers cannot start: a queue has no processor, two processors, or a processor for no queue. */
export class WorkerStartupError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot start workers:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkerStartupError';
  }
}

// Not quotaExceeded: Google's usage limits last hours (see GoogleUsageLimitError), so pausing the
// queue for seconds and retrying would only burn requests against a limit that is not clearing.
const GOOGLE_RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** Google sends no Retry-After on 403 rateLimitExceeded; pause briefly and let jitter spread retries. */
const GOOGLE_DEFAULT_WAIT_MS = 2_000;

/**
 * Recognises the rate-limit errors our clients throw and turns them into a RateLimitedError:
 * our own, @slack/web-api's WebAPIRateLimitedError (`retryAfter` in seconds, with
 * `rejectRateLimitedCalls: true`), and googleapis' 429 / 403 rateLimitExceeded.
 */
export function asRateLimited(err: unknown): RateLimitedError | undefined {
  if (err instanceof RateLimitedError) return err;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as Record<string, unknown>;
  if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') {
    return new RateLimitedError(Math.max(e.retryAfter, 1) * 1000, 'slack');
  }
  const response = e.response as { status?: unknown; headers?: unknown; data?: unknown } | undefined;
  const status = typeof e.status === 'number' ? e.status : response?.status;
  if (status !== 429 && status !== 403) return undefined;
  const reasons = googleReasons(response?.data);
  if (status === 403 && !reasons.some((r) => GOOGLE_RATE_REASONS.has(r))) return undefined;
  const header = retryAfterHeader(response?.headers);
  return new RateLimitedError(header ?? GOOGLE_DEFAULT_WAIT_MS, 'google');
}

function googleReasons(data: unknown): string[] {
  const errors = (data as { error?: { errors?: { reason?: unknown }[] } } | undefined)?.error?.errors;
  return Array.isArray(errors) ? errors.map((x) => String(x?.reason)) : [];
}

function retryAfterHeader(headers: unknown): number | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const raw =
    typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get('retry-after')
      : (headers as Record<string, unknown>)['retry-after'];
  const seconds = Number(raw);
  return raw != null && Number.isFinite(seconds) && seconds >= 0 ? Math.max(seconds, 1) * 1000 : undefined;
}
