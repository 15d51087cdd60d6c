/**
 * Google-specific failure modes a test switches on, beside the shared FaultPlan (429/500/
 * timeout/drop): usage limits exhausted for hours (403 quotaExceeded, not a rate limit: retrying
 * soon cannot help), per-method rate limits (403 rateLimitExceeded on one method only), Meet
 * creation that ends in status 'failure', and inserts whose reused id Google fails to detect
 * (the docs warn collisions may not be caught at creation), so a second copy is stored.
 */
import { RateWindow } from '../rate-window.ts';
import { GoogleApiFailure } from './http.ts';

export class GoogleFaultModes {
  private readonly exhausted = new Map<string, number>();
  private readonly methodLimits = new Map<string, RateWindow>();
  private meetFailures = 0;
  private duplicates = 0;

  constructor(private readonly now: () => number) {}

  /** `user` (or every user, '*') gets 403 quotaExceeded on calendar methods until `forMs` has passed (default 3 h). */
  exhaustUsageLimits(user = '*', forMs = 3 * 3_600_000): void {
    this.exhausted.set(user.toLowerCase(), this.now() + forMs);
  }

  /** At most `perMinute` calls of `method` per minute across the project; then 403 rateLimitExceeded. */
  limitMethod(method: string, perMinute: number): void {
    this.methodLimits.set(method, new RateWindow({ limit: perMinute, windowMs: 60_000, now: this.now }));
  }

  /** The next `count` Meet creations end in status 'failure' (no link). */
  failMeetCreation(count = 1): void {
    this.meetFailures += count;
  }

  /** The next `count` inserts that reuse an existing id succeed silently, storing a second copy. */
  acceptDuplicateIds(count = 1): void {
    this.duplicates += count;
  }

  /** Throws the failure a call of `method` by `user` meets, if a mode is on. */
  check(method: string, user: string): void {
    const until = Math.max(this.exhausted.get(user) ?? 0, this.exhausted.get('*') ?? 0);
    if (method.startsWith('calendar.') && this.now() < until) {
      throw new GoogleApiFailure(403, 'quotaExceeded', 'Calendar usage limits exceeded.', 'usageLimits');
    }
    const window = this.methodLimits.get(method);
    if (window && !window.hit(method).allowed) throw new GoogleApiFailure(403, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
  }

  takeMeetFailure(): boolean {
    if (this.meetFailures === 0) return false;
    this.meetFailures--;
    return true;
  }

  takeUndetectedDuplicate(): boolean {
    if (this.duplicates === 0) return false;
    this.duplicates--;
    return true;
  }

  reset(): void {
    this.exhausted.clear();
    this.methodLimits.clear();
    this.meetFailures = 0;
    this.duplicates = 0;
  }
}
