/**
 * The grouping problem shared by the MDGP solver and the people matcher (see notes/engine-api seam).
 * Pure types only: the solver lives in solve.ts.
 */
export interface GroupBounds { min: number; max: number }

/** Pair benefit: objective = sum over unordered pairs {i,j} placed in the same group of benefit(i,j). Maximised. */
export type PairBenefit =
  | { kind: 'dense'; matrix: Float64Array } // row-major n*n, symmetric (MDGP, small n)
  | { kind: 'function'; benefit: (i: number, j: number) => number }; // large n, attribute-derived

export interface GroupingProblem {
  n: number; // elements are 0..n-1
  benefit: PairBenefit;
  groups: readonly GroupBounds[]; // one entry per group to form; sum(min) <= n <= sum(max)
  /** Hard: i and j may never share a group (manager/report, excluded pairs). Adjacency lists, symmetric. */
  conflicts?: readonly (readonly number[])[];
  /** Hard: a group is feasible only if the AND of its members' bitsets has a run of >= minRun set bits
   *  (members' weekly availability in 15-minute slots; minRun = session length in slots). */
  windows?: { bits: readonly Uint32Array[]; minRun: number };
}

export interface SolveOptions {
  seed: number; // deterministic for a given seed (and iteration count)
  timeLimitMs: number; // budget; the engine stops improving when now() passes start + budget
  now?: () => number; // injected clock (CLI passes performance.now)
  maxIterations?: number; // optional hard cap so tests are deterministic regardless of speed
}

export interface GroupingResult {
  groups: number[][]; // every element in exactly one group; group k respects groups[k] bounds
  objective: number; // sum of benefits inside groups
  hardViolations: number; // 0 when all conflicts/windows hold; otherwise the engine's best effort
  iterations: number;
  elapsedMs: number;
}

/** Thrown when the bounds cannot hold n elements (sum(min) > n or sum(max) < n, or min > max). */
export class InfeasibleBoundsError extends Error {
  constructor(message: string) {
    super(`${message}. Adjust the group count or the size bounds so that sum(min) <= n <= sum(max).`);
    this.name = 'InfeasibleBoundsError';
  }
}
