/**
 * Google's Calendar/Directory quotas as the emulator plays them: requests per minute per user
 * (the impersonated subject under domain-wide delegation) and per project. Over either, Google
 * answers 403 with reason userRateLimitExceeded or rateLimitExceeded.
 */
import { RateWindow } from '../rate-window.ts';
import { GoogleApiFailure } from './http.ts';

export interface GoogleQuotaLimits {
  perUserPerMinute: number;
  perProjectPerMinute: number;
}

export const DEFAULT_GOOGLE_QUOTA: GoogleQuotaLimits = { perUserPerMinute: 600, perProjectPerMinute: 10_000 };

export class GoogleQuota {
  private limits: GoogleQuotaLimits;
  private perUser!: RateWindow;
  private perProject!: RateWindow;

  constructor(
    private readonly now: () => number,
    limits: Partial<GoogleQuotaLimits> = {},
  ) {
    this.limits = { ...DEFAULT_GOOGLE_QUOTA, ...limits };
    this.rebuild();
  }

  /** Tightens or loosens the quotas; resets the windows. */
  configure(limits: Partial<GoogleQuotaLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.rebuild();
  }

  get current(): GoogleQuotaLimits {
    return { ...this.limits };
  }

  /** Spends one request of `user`'s and the project's quota or throws Google's 403. */
  spend(user: string): void {
    if (this.perUser.count(user) >= this.limits.perUserPerMinute) {
      throw new GoogleApiFailure(403, 'userRateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
    }
    if (!this.perProject.hit('project').allowed) {
      throw new GoogleApiFailure(403, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
    }
    this.perUser.hit(user);
  }

  reset(): void {
    this.rebuild();
  }

  private rebuild(): void {
    this.perUser = new RateWindow({ limit: this.limits.perUserPerMinute, windowMs: 60_000, now: this.now });
    this.perProject = new RateWindow({ limit: this.limits.perProjectPerMinute, windowMs: 60_000, now: this.now });
  }
}
