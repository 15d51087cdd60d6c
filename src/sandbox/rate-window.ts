/**
 * A sliding-window rate limiter keyed by string, used by the sandbox emulators to play the
 * providers' per-method quotas. It remembers the instant of each allowed hit in the last
 * `windowMs`; a hit over `limit` is refused with the wait until the oldest one leaves the window.
 * Refused hits are not counted, as with Slack and Google: a 429 does not use up quota.
 */

export interface RateWindowOptions {
  limit: number;
  windowMs: number;
  /** Injectable clock so tests can move time; defaults to Date.now. */
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateWindow {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly hits = new Map<string, number[]>();

  constructor(options: RateWindowOptions) {
    if (!(options.limit > 0)) throw new RangeError(`RateWindow: limit must be positive, got ${options.limit}`);
    if (!(options.windowMs > 0)) throw new RangeError(`RateWindow: windowMs must be positive, got ${options.windowMs}`);
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
  }

  /** Records a hit for `key` if it fits in the window, otherwise says how long until it would. */
  hit(key: string): RateDecision {
    const at = this.now();
    const recent = this.prune(key, at);
    if (recent.length < this.limit) {
      recent.push(at);
      return { allowed: true };
    }
    const oldest = recent[recent.length - this.limit] ?? at;
    return { allowed: false, retryAfterMs: Math.max(1, oldest + this.windowMs - at) };
  }

  /** Hits for `key` still inside the window. */
  count(key: string): number {
    return this.prune(key, this.now()).length;
  }

  reset(key?: string): void {
    if (key === undefined) this.hits.clear();
    else this.hits.delete(key);
  }

  private prune(key: string, at: number): number[] {
    const list = this.hits.get(key) ?? [];
    const cutoff = at - this.windowMs;
    let drop = 0;
    while (drop < list.length && (list[drop] ?? Infinity) <= cutoff) drop++;
    if (drop > 0) list.splice(0, drop);
    this.hits.set(key, list);
    return list;
  }
}
