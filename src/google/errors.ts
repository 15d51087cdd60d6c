/**
 * Classifies what googleapis throws into the kinds our queue acts on:
 * - GoogleRateLimitedError: 403 rateLimitExceeded/userRateLimitExceeded or 429.
 *   Back off (Retry-After when Google sends one, else exponential with full jitter); such a
 *   retry should not count as a failed attempt.
 * - GoogleUsageLimitError: 403 quotaExceeded ("Calendar usage limits exceeded"). Google's usage
 *   limits take hours to clear, so retrying soon only extends them: do not retry it like a rate
 *   limit; wait at least `retryAfterMs` (an hour) or give up and tell an operator.
 * - GoogleTransientError: 5xx, 408, timeouts, dropped or refused connections. Retry with backoff.
 * - GooglePermanentError: any other 4xx. Retrying cannot help; fix the request or the set-up.
 * The library's own retry is off (see auth.ts), so every method behaves the same way.
 */

/** The parts of gaxios' GaxiosError we read (duck-typed: gaxios is not our direct dependency). */
interface GaxiosLike {
  status?: number;
  code?: unknown;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** Usage limits (quotaExceeded) last hours; the shortest wait worth trying again after. */
export const USAGE_LIMIT_WAIT_MS = 3_600_000;
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'TimeoutError', 'AbortError', 'UND_ERR_SOCKET']);

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/** Exponential backoff with full jitter: a random delay in [base/2, min(max, base·2^attempt)]. */
export function backoffDelayMs(attempt: number, { baseMs = 1_000, maxMs = 64_000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const floor = Math.min(baseMs / 2, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

export abstract class GoogleApiError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class GoogleRateLimitedError extends GoogleApiError {
  constructor(method: string, status: number, reason: string | undefined, readonly retryAfterMs: number, cause: unknown) {
    super(`Google rate-limited ${method} (${status} ${reason ?? ''}); retry in about ${Math.ceil(retryAfterMs / 1000)} s.`, method, status, reason, { cause });
  }
}

/** 403 quotaExceeded: the calendar's usage limits are spent for hours; not a rate limit, never retried soon. */
export class GoogleUsageLimitError extends GoogleApiError {
  readonly retryAfterMs = USAGE_LIMIT_WAIT_MS;
  constructor(method: string, cause: unknown) {
    super(`Google ${method}: Calendar usage limits exceeded (403 quotaExceeded). They clear after hours; retry no sooner than an hour, or reduce the calendar's write volume.`, method, 403, 'quotaExceeded', { cause });
  }
}

export class GoogleTransientError extends GoogleApiError {
  constructor(method: string, status: number | undefined, reason: string | undefined, readonly retryAfterMs: number, cause: unknown) {
    super(`Google ${method} failed transiently (${status ?? reason ?? 'no response'}); it is safe to retry in about ${Math.ceil(retryAfterMs / 1000)} s.`, method, status, reason, { cause });
  }
}

export class GooglePermanentError extends GoogleApiError {
  constructor(method: string, status: number | undefined, reason: string | undefined, detail: string, cause: unknown) {
    super(`Google rejected ${method} (${status ?? '?'} ${reason ?? ''}: ${detail}). ${adviceFor(status)}`, method, status, reason, { cause });
  }
}

/** Turns anything googleapis threw into one of our three kinds. `attempt` (0-based) scales the backoff. */
export function classifyGoogleError(error: unknown, method: string, attempt = 0, backoff: BackoffOptions = {}): GoogleApiError {
  if (error instanceof GoogleApiError) return error;
  const status = statusOf(error);
  const reason = reasonOf(error);
  const delay = backoffDelayMs(attempt, backoff);
  if (status === 403 && reason === 'quotaExceeded') return new GoogleUsageLimitError(method, error);
  if (status === 429 || (status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))) {
    const retryAfter = retryAfterMsOf(error);
    return new GoogleRateLimitedError(method, status, reason ?? 'rateLimitExceeded', retryAfter ?? delay, error);
  }
  if (status !== undefined && (status >= 500 || status === 408)) return new GoogleTransientError(method, status, reason, delay, error);
  if (status === undefined) {
    const code = codeOf(error);
    // Only what looks like the network is transient; e.g. "Missing required parameters" is our bug.
    if ((code !== undefined && TRANSIENT_CODES.has(code)) || /socket hang up|timed? ?out|network|ECONNRESET/i.test(messageOf(error))) {
      return new GoogleTransientError(method, undefined, code, delay, error);
    }
  }
  return new GooglePermanentError(method, status, reason, messageOf(error), error);
}

/** The HTTP status of a googleapis error, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const e = asGaxios(error);
  return e?.response?.status ?? e?.status;
}

/** Google's `errors[0].reason` (e.g. 'duplicate', 'notFound', 'userRateLimitExceeded'). */
export function reasonOf(error: unknown): string | undefined {
  const data = asGaxios(error)?.response?.data;
  const body = typeof data === 'string' ? safeParse(data) : data;
  const reason = (body as { error?: { errors?: Array<{ reason?: unknown }> } } | undefined)?.error?.errors?.[0]?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

function retryAfterMsOf(error: unknown): number | undefined {
  const headers = asGaxios(error)?.response?.headers;
  // gaxios hands back node-fetch's Headers (not the global class): duck-type `get`.
  const getter = (headers as { get?: unknown } | undefined)?.get;
  const value = typeof getter === 'function' ? (getter.call(headers, 'retry-after') as unknown) : (headers as Record<string, unknown> | undefined)?.['retry-after'];
  const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function asGaxios(error: unknown): GaxiosLike | undefined {
  return typeof error === 'object' && error !== null ? (error as GaxiosLike) : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function adviceFor(status: number | undefined): string {
  if (status === 401 || status === 403) return 'Check the service account, its domain-wide delegation and the granted scopes.';
  if (status === 404) return 'The calendar, event or customer does not exist; check the email or id.';
  return 'Retrying will not help; fix the request.';
}
