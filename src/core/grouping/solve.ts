import { benefitFn, objectiveOf } from './benefit.ts';
import { Budget } from './budget.ts';
import { HardConstraints } from './constraints.ts';
import { greedyPartition, profitableSizes } from './construct.ts';
import { defaultDenseParams, solveDense, solveDenseMemetic, type DenseParams } from './dense-search.ts';
import { Partition } from './partition.ts';
import { InfeasibleBoundsError, type GroupingProblem, type GroupingResult, type SolveOptions } from './problem.ts';
import { repair } from './repair.ts';
import { Rng } from './rng.ts';
import { annealSampled } from './sampled-search.ts';

/** Above this many gain-matrix cells (n x m) the dense tabu search gives way to sampled annealing. */
const DENSE_CELLS_LIMIT = 4_000_000;

/**
 * Partition 0..n-1 into the problem's groups maximising the sum of within-group pair benefits,
 * keeping conflicts and windows hard (hardViolations > 0 only when no feasible grouping was found).
 * Dense problems of moderate size use iterated tabu search over a gain matrix; large or
 * function-benefit problems use sampled simulated annealing with O(group size) deltas.
 */
export function solveGrouping(
  problem: GroupingProblem, options: SolveOptions, dense: DenseParams = defaultDenseParams,
): GroupingResult {
  checkBounds(problem);
  const budget = new Budget(options);
  const rng = new Rng(options.seed);
  const part = Partition.forProblem(problem);
  const hard = new HardConstraints(problem, part);
  const w = benefitFn(problem);
  const sizes = profitableSizes(part, rng, meanBenefit(problem.n, w, rng));
  greedyPartition(part, w, hard, rng, hard.active ? difficultyOf(problem) : undefined, sizes);
  hard.refreshAll();
  if (hard.active) repair(part, hard, rng, budget);
  const m = problem.groups.length;
  // Tabu over a gain matrix pays off with few, large groups (MDGP); with many small groups (pods
  // of 4-5) annealing on random swaps found better solutions in the same time (500 and 2,000
  // people, attribute benefits: +2% and +4%), so it handles those even when a matrix is given
  // (except for a handful of groups, where tabu's full neighbourhood is cheap and exact).
  if (problem.benefit.kind === 'dense' && problem.n * m <= DENSE_CELLS_LIMIT && (problem.n >= 6 * m || m <= 8)) {
    const search = dense.population > 1 ? solveDenseMemetic : solveDense;
    search(problem.benefit.matrix, part, hard, rng, budget, dense);
  } else {
    annealSampled(part, w, hard, rng, budget, objectiveOf(part, w));
  }
  return {
    groups: part.toGroups(),
    objective: objectiveOf(part, w),
    hardViolations: hard.active ? hard.total() : 0,
    iterations: budget.iterations,
    elapsedMs: budget.elapsed(),
  };
}

function checkBounds(problem: GroupingProblem): void {
  let lo = 0;
  let hi = 0;
  problem.groups.forEach((g, k) => {
    if (!(Number.isInteger(g.min) && Number.isInteger(g.max) && 0 <= g.min && g.min <= g.max)) {
      throw new InfeasibleBoundsError(`group ${k} has bounds ${g.min}..${g.max}`);
    }
    lo += g.min;
    hi += g.max;
  });
  if (lo > problem.n || hi < problem.n) {
    throw new InfeasibleBoundsError(`${problem.n} elements cannot fill groups needing ${lo}..${hi}`);
  }
}

/** Mean pair benefit from a sample of random pairs (exact mean is O(n^2)). */
function meanBenefit(n: number, w: (i: number, j: number) => number, rng: Rng): number {
  if (n < 2) return 0;
  let sum = 0;
  const samples = 2000;
  for (let k = 0; k < samples; k++) {
    const i = rng.nextInt(n);
    const j = (i + 1 + rng.nextInt(n - 1)) % n;
    sum += w(i, j);
  }
  return sum / samples;
}

/** Most constrained first: narrow availability, then many conflicts. */
function difficultyOf(problem: GroupingProblem): Float64Array {
  const out = new Float64Array(problem.n);
  const bits = problem.windows?.bits;
  for (let i = 0; i < problem.n; i++) {
    let score = problem.conflicts?.[i]?.length ?? 0;
    const b = bits?.[i];
    if (b) {
      let ones = 0;
      for (let k = 0; k < b.length; k++) ones += popcount(b[k]!);
      score += 100 * (1 - ones / Math.max(1, b.length * 32));
    }
    out[i] = score;
  }
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
