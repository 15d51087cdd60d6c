/**
 * Planned failures for the sandbox emulators (Slack and Google). A test says "the next N calls
 * of this method fail like so"; the emulator asks `take(method)` on every request and, when a
 * fault comes back, answers with it instead of doing the work. Faults are consumed in order.
 */

/** '429' rate-limited with Retry-After; '500' server error; 'timeout' never answers in time; 'drop' destroys the socket. */
export type FaultKind = '429' | '500' | 'timeout' | 'drop';

export interface PlannedFault {
  kind: FaultKind;
  retryAfterSeconds: number;
  /** The call takes effect, then the answer is lost: the "uncertain send" a retry must check for. */
  afterEffect?: true;
}

export class FaultPlan {
  private readonly queues = new Map<string, PlannedFault[]>();

  /** The next `count` calls of `method` fail with `kind` (429 carries Retry-After: retryAfterSeconds, default 1). */
  inject(method: string, kind: FaultKind, count = 1, retryAfterSeconds = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`FaultPlan.inject: count must be a positive integer, got ${count}`);
    const queue = this.queues.get(method) ?? [];
    for (let i = 0; i < count; i++) queue.push({ kind, retryAfterSeconds });
    this.queues.set(method, queue);
  }

  /**
   * The next `count` calls of `method` DO their work (the message is posted, the event inserted)
   * but the caller never learns it: the answer times out, the socket drops, or a 500 comes back.
   */
  injectAfterEffect(method: string, kind: Exclude<FaultKind, '429'>, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`FaultPlan.injectAfterEffect: count must be a positive integer, got ${count}`);
    const queue = this.queues.get(method) ?? [];
    for (let i = 0; i < count; i++) queue.push({ kind, retryAfterSeconds: 1, afterEffect: true });
    this.queues.set(method, queue);
  }

  /** Consumes one planned fault for `method`, if any. */
  take(method: string): PlannedFault | undefined {
    const queue = this.queues.get(method);
    const fault = queue?.shift();
    if (queue && queue.length === 0) this.queues.delete(method);
    return fault;
  }

  /** How many faults are still planned for `method` (all methods when omitted). */
  pending(method?: string): number {
    if (method !== undefined) return this.queues.get(method)?.length ?? 0;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  clear(): void {
    this.queues.clear();
  }
}
