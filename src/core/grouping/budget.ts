import type { SolveOptions } from './problem.ts';

/** Time and iteration budget shared by the search phases. */
export class Budget {
  readonly start: number;
  readonly deadline: number;
  readonly maxIterations: number;
  iterations = 0;
  private readonly now: () => number;

  constructor(options: SolveOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.deadline = this.start + Math.max(0, options.timeLimitMs);
    this.maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  }

  private calls = 0;

  /** Count `k` iterations; true once the budget is spent (the clock is read every 8th call). */
  spend(k = 1): boolean {
    this.iterations += k;
    if (this.iterations >= this.maxIterations) return true;
    return (++this.calls & 7) === 0 && this.now() >= this.deadline;
  }

  exhausted(): boolean {
    return this.iterations >= this.maxIterations || this.now() >= this.deadline;
  }

  /** Share of the budget used, in [0, 1]: iterations when capped, else time. */
  progress(): number {
    if (Number.isFinite(this.maxIterations)) return Math.min(1, this.iterations / this.maxIterations);
    return Math.min(1, (this.now() - this.start) / Math.max(1, this.deadline - this.start));
  }

  elapsed(): number {
    return this.now() - this.start;
  }
}
