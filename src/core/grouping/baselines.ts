import { benefitFn, objectiveOf } from './benefit.ts';
import { HardConstraints } from './constraints.ts';
import { greedyPartition, profitableSizes, randomPartition } from './construct.ts';
import { Partition } from './partition.ts';
import type { GroupingProblem } from './problem.ts';
import { Rng } from './rng.ts';

export interface BaselineResult { groups: number[][]; objective: number }

/** What most pairing bots do: shuffle and cut into groups of allowed sizes. */
export function randomGrouping(problem: GroupingProblem, seed: number): BaselineResult {
  const part = Partition.forProblem(problem);
  randomPartition(part, new Rng(seed));
  return { groups: part.toGroups(), objective: objectiveOf(part, benefitFn(problem)) };
}

/** The engine's constructor alone: DP group sizes, then each element to its best open group. */
export function greedyGrouping(problem: GroupingProblem, seed: number): BaselineResult {
  const part = Partition.forProblem(problem);
  const rng = new Rng(seed);
  const w = benefitFn(problem);
  let mean = 0;
  const n = problem.n;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n && j < i + 20; j++) mean += w(i, j);
  mean /= Math.max(1, Math.min(n * 19, (n * (n - 1)) / 2));
  greedyPartition(part, w, new HardConstraints(problem, part), rng, undefined, profitableSizes(part, rng, mean));
  return { groups: part.toGroups(), objective: objectiveOf(part, w) };
}
