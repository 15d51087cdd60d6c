import type { Budget } from './budget.ts';
import type { HardConstraints } from './constraints.ts';
import { DenseTabu } from './dense-tabu.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

export interface DenseParams {
  /** Non-improving tabu iterations before a run ends, as a multiple of n. */
  depthPerN: number;
  /** Perturbation strength (random swaps), as a share of n. */
  strength: number;
  tenureBase: number;
  tenureSpread: number;
}

export const defaultDenseParams: DenseParams = { depthPerN: 1, strength: 0.2, tenureBase: 10, tenureSpread: 10 };

/**
 * Iterated tabu search: tabu runs separated by random perturbations of the best solution
 * found so far (or of the last local optimum when it is as good). Leaves the best in `part`.
 */
export function solveDense(
  d: Float64Array, part: Partition, hard: HardConstraints, rng: Rng, budget: Budget,
  params: DenseParams = defaultDenseParams,
): number {
  const tabu = new DenseTabu(d, part, hard, rng, budget, { base: params.tenureBase, spread: params.tenureSpread });
  tabu.rebuild();
  const depth = Math.max(20, Math.round(params.depthPerN * part.n));
  const strength = Math.max(2, Math.round(params.strength * part.n));
  let alive = tabu.run(depth);
  const best = part.clone();
  let bestF = tabu.f;
  while (alive) {
    tabu.perturb(strength);
    alive = tabu.run(depth);
    if (tabu.f > bestF + 1e-9) {
      bestF = tabu.f;
      best.copyFrom(part);
    } else if (tabu.f < bestF - 1e-9) {
      part.copyFrom(best);
      tabu.rebuild();
    }
  }
  part.copyFrom(best);
  if (hard.active) hard.refreshAll();
  return bestF;
}
