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

/**
 * Faults at a steady rate instead of a planned sequence: each call of a matching method fails
 * with probability `rate`, with a kind drawn evenly from `kinds` (plain failures) and
 * `afterEffectKinds` (the work is done, the answer lost). Planned faults are served first.
 */
export interface RandomFaults {
  rate: number;
  kinds: FaultKind[];
  afterEffectKinds?: Exclude<FaultKind, '429'>[];
  /** Which methods may fail (default: all). */
  methods?: (method: string) => boolean;
  retryAfterSeconds?: number;
  random?: () => number;
}

export class FaultPlan {
  private readonly queues = new Map<string, PlannedFault[]>();
  private steady: RandomFaults | undefined;

  /** From now on, fail calls at random as `faults` says; `undefined` stops it. */
  randomly(faults: RandomFaults | undefined): void {
    if (faults && !(faults.rate >= 0 && faults.rate <= 1)) throw new RangeError(`FaultPlan.randomly: rate must be in [0, 1], got ${faults.rate}`);
    if (faults && faults.kinds.length + (faults.afterEffectKinds?.length ?? 0) === 0) throw new RangeError('FaultPlan.randomly: no fault kinds given');
    this.steady = faults;
  }

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
    return fault ?? this.drawSteady(method);
  }

  private drawSteady(method: string): PlannedFault | undefined {
    const steady = this.steady;
    if (!steady || (steady.methods && !steady.methods(method))) return undefined;
    const random = steady.random ?? Math.random;
    if (random() >= steady.rate) return undefined;
    const choices: PlannedFault[] = [
      ...steady.kinds.map((kind) => ({ kind, retryAfterSeconds: steady.retryAfterSeconds ?? 1 })),
      ...(steady.afterEffectKinds ?? []).map((kind) => ({ kind, retryAfterSeconds: 1, afterEffect: true as const })),
    ];
    return choices[Math.floor(random() * choices.length)];
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
    this.steady = undefined;
  }
}
