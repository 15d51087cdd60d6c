import type { Budget } from './budget.ts';
import type { HardConstraints } from './constraints.ts';
import { crossover } from './crossover.ts';
import { DenseTabu } from './dense-tabu.ts';
import type { Partition } from './partition.ts';
import { repair } from './repair.ts';
import type { Rng } from './rng.ts';

export interface DenseParams {
  /** Non-improving tabu iterations before a run ends, as a multiple of n. */
  depthPerN: number;
  /** Perturbation strength (random swaps), as a share of n. */
  strength: number;
  /** Tabu tenure: base + random(spread), both as shares of n. */
  tenurePerN: number;
  tenureSpreadPerN: number;
  /** 0 for iterated tabu search, else the memetic population size. */
  population: number;
}

/**
 * Tuned on MDGPLIB at TPSDP's limits (CPU time, hard ds instances, 2 seeds each): depth 4n beat
 * 1n-2n, and a tenure of about n/24 + random(n/16) beat fixed tenures of 10-30 at n = 120 and 240.
 */
export const defaultDenseParams: DenseParams = {
  depthPerN: 4, strength: 0.2, tenurePerN: 1 / 24, tenureSpreadPerN: 1 / 16, population: 8,
};

function tenureOf(n: number, params: DenseParams): { base: number; spread: number } {
  return { base: Math.max(2, Math.round(n * params.tenurePerN)), spread: Math.max(1, Math.round(n * params.tenureSpreadPerN)) };
}

/**
 * Iterated tabu search: tabu runs separated by random perturbations of the best solution
 * found so far (or of the last local optimum when it is as good). Leaves the best in `part`.
 */
export function solveDense(
  d: Float64Array, part: Partition, hard: HardConstraints, rng: Rng, budget: Budget,
  params: DenseParams = defaultDenseParams,
): number {
  const tabu = new DenseTabu(d, part, hard, rng, budget, tenureOf(part.n, params));
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

/**
 * Memetic search: a small population of tabu-optimised solutions; each generation crosses two
 * parents, optimises the child by tabu search (plus a perturbed re-run), and lets it replace the
 * worst member when it is better and not a duplicate. Leaves the best in `part`.
 */
export function solveDenseMemetic(
  d: Float64Array, part: Partition, hard: HardConstraints, rng: Rng, budget: Budget,
  params: DenseParams = defaultDenseParams,
): number {
  const n = part.n;
  const tabu = new DenseTabu(d, part, hard, rng, budget, tenureOf(part.n, params));
  const depth = Math.max(20, Math.round(params.depthPerN * n));
  const pool: { groupOf: Int32Array; f: number }[] = [];
  const best = part.clone();
  let bestF = -Infinity;
  const keep = (): void => {
    if (tabu.f > bestF + 1e-9) { bestF = tabu.f; best.copyFrom(part); }
  };
  // The first member starts from the constructed solution, the others from random reshuffles of it.
  tabu.rebuild();
  let alive = tabu.run(depth);
  keep();
  pool.push({ groupOf: Int32Array.from(part.groupOf), f: tabu.f });
  while (alive && pool.length < params.population) {
    tabu.perturb(n);
    alive = tabu.run(depth);
    keep();
    pool.push({ groupOf: Int32Array.from(part.groupOf), f: tabu.f });
  }
  const child = new Int32Array(n);
  // Small instances (a few pods of people) converge in milliseconds: stop once the best has not
  // moved for a while instead of spending the whole budget. Large ones use all their time.
  const stagnationLimit = n <= 60 ? 100 : Infinity;
  let stagnant = 0;
  while (alive && stagnant < stagnationLimit) {
    const before = bestF;
    const x = rng.nextInt(pool.length);
    const y = (x + 1 + rng.nextInt(pool.length - 1)) % pool.length;
    crossover(d, n, part, pool[x]!.groupOf, pool[y]!.groupOf, rng, child);
    part.assign(child);
    if (hard.active) { hard.refreshAll(); repair(part, hard, rng, budget); }
    tabu.rebuild();
    alive = tabu.run(depth);
    keep();
    let worst = 0;
    for (let k = 1; k < pool.length; k++) if (pool[k]!.f < pool[worst]!.f) worst = k;
    const duplicate = pool.some((s) => Math.abs(s.f - tabu.f) < 1e-6);
    if (!duplicate && tabu.f > pool[worst]!.f) pool[worst] = { groupOf: Int32Array.from(part.groupOf), f: tabu.f };
    stagnant = bestF > before ? 0 : stagnant + 1;
  }
  part.copyFrom(best);
  if (hard.active) hard.refreshAll();
  return bestF;
}
