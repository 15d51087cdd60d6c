import { RateWindow } from '../rate-window.ts';

/** `limit` calls per `windowMs`; `{ perMinute }` is shorthand for a 60 s window. */
export type LimitRule = { limit: number; windowMs: number } | { perMinute: number };

const MINUTE = 60_000;
const tier2 = { limit: 20, windowMs: MINUTE };
const tier3 = { limit: 50, windowMs: MINUTE };
const tier4 = { limit: 100, windowMs: MINUTE };

/** Slack's published tiers for the methods we emulate (per method, per app, per workspace). */
export const DEFAULT_LIMITS: Record<string, { limit: number; windowMs: number }> = {
  'auth.test': tier4,
  // chat.postMessage: "several hundred per minute" workspace-wide, plus the per-channel rule below.
  'chat.postMessage': { limit: 300, windowMs: MINUTE },
  'chat.update': tier3,
  'chat.delete': tier3,
  'chat.postEphemeral': tier4,
  'conversations.open': tier3,
  'conversations.history': tier3,
  'views.publish': tier4,
  'views.open': tier4,
  'views.update': tier4,
  'views.push': tier4,
  'users.list': tier2,
  'users.info': tier4,
  'users.lookupByEmail': tier3,
  'usergroups.list': tier2,
  'usergroups.users.list': tier2,
  'files.getUploadURLExternal': tier4,
  'files.completeUploadExternal': tier4,
};

/** About one message per second per channel, tolerating a short burst of three. */
export const DEFAULT_PER_CHANNEL = { limit: 3, windowMs: 3_000 };

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-method rate limits following Slack's tiers; tests tighten, loosen or switch them off. */
export class SlackLimits {
  private rules = new Map<string, { limit: number; windowMs: number }>(Object.entries(DEFAULT_LIMITS));
  private perChannel = { ...DEFAULT_PER_CHANNEL };
  private windows = new Map<string, RateWindow>();
  private channelWindow: RateWindow | undefined;
  private factor = 1;
  private enabled = true;

  constructor(private readonly now: () => number = Date.now) {}

  /** Replaces one method's limit (its current window restarts). */
  set(method: string, rule: LimitRule): void {
    this.rules.set(method, 'perMinute' in rule ? { limit: rule.perMinute, windowMs: MINUTE } : rule);
    this.windows.delete(method);
  }

  /**
   * Slack's limits for a commercially distributed non-Marketplace app (since 2025):
   * conversations.history and conversations.replies allow 1 call a minute.
   */
  nonMarketplace(): void {
    this.set('conversations.history', { perMinute: 1 });
    this.set('conversations.replies', { perMinute: 1 });
  }

  /** chat.postMessage's per-channel limit. */
  setPerChannel(rule: LimitRule): void {
    this.perChannel = 'perMinute' in rule ? { limit: rule.perMinute, windowMs: MINUTE } : rule;
    this.channelWindow = undefined;
  }

  /** Multiplies every limit by `factor` (0.1 = ten times stricter, 10 = ten times looser; at least 1 call). */
  scale(factor: number): void {
    if (!(factor > 0)) throw new RangeError(`limits.scale: factor must be positive, got ${factor}`);
    this.factor = factor;
    this.reset();
  }

  disable(): void {
    this.enabled = false;
  }

  enable(): void {
    this.enabled = true;
  }

  /** Forgets all calls counted so far. */
  reset(): void {
    this.windows.clear();
    this.channelWindow = undefined;
  }

  /** Counts one call; `channel` applies chat.postMessage's per-channel rule too. */
  hit(method: string, channel?: string): LimitDecision {
    if (!this.enabled) return { allowed: true };
    if (channel !== undefined) {
      this.channelWindow ??= this.window(this.perChannel);
      // A window that refuses a call does not count it, as Slack does not count a 429.
      const decision = this.decide(this.channelWindow.hit(channel));
      if (!decision.allowed) return decision;
    }
    const rule = this.rules.get(method);
    if (!rule) return { allowed: true };
    let window = this.windows.get(method);
    if (!window) this.windows.set(method, (window = this.window(rule)));
    return this.decide(window.hit(method));
  }

  private window(rule: { limit: number; windowMs: number }): RateWindow {
    return new RateWindow({ limit: Math.max(1, Math.floor(rule.limit * this.factor)), windowMs: rule.windowMs, now: this.now });
  }

  private decide(d: ReturnType<RateWindow['hit']>): LimitDecision {
    return d.allowed ? d : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(d.retryAfterMs / 1000)) };
  }
}
