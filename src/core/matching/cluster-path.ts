import { solveGrouping } from '../grouping/index.ts';
import type { GroupingProblem } from '../grouping/problem.ts';
import { slotToUtcMinuteOfWeek } from './availability.ts';
import { windowClusters } from './clusters.ts';
import { greedyPods, sizeAllowed, targetSizes } from './greedy.ts';
import type { PoolModel } from './model.ts';
import { pairBenefit } from './objective.ts';
import { hardestFirst, poolShape, type PoolShape } from './pool.ts';
import { podIsFeasible, repairPods } from './pods.ts';
import { planBounds, planPodSizes, remainderExplanation, type SizePlan } from './sizing.ts';
import type { UnplacedPerson } from './types.ts';

/**
 * The matcher's earlier path, kept as the fallback when the plan cannot be solved (it never should):
 * split the pool into window clusters and run the grouping engine in each.
 */
export function clusterPath(model: PoolModel, pool: number[], shape: PoolShape, budgetMs: number, clock: () => number):
  { pods: number[][]; pending: Map<number, UnplacedPerson>; iterations: number; repairedPods: number; fallback: boolean } {
  const settings = model.settings;
  const clusters = windowClusters(model, pool, settings.seed);
  const pods: number[][] = [];
  const pending = new Map<number, UnplacedPerson>();
  let iterations = 0, repairedPods = 0, fallback = false;
  for (const cluster of clusters) {
    const members = cluster.members;
    const plan = planPodSizes(members.length, settings);
    const order = hardestFirst(model, members, shape, settings.seed);
    const leaveOut = order.slice(0, members.length - plan.placed);
    const why = remainderExplanation(members.length, settings);
    const scope = clusters.length > 1 ? ` (the people who can meet at ${utcLabel(cluster.anchor)})` : '';
    for (const i of leaveOut) {
      pending.set(i, { personId: model.people[i]!.id, reason: 'pool-remainder', detail: `${why.detail}${scope}`, suggestion: why.suggestion });
    }
    const left = new Set(leaveOut);
    const placed = members.filter((i) => !left.has(i));
    if (placed.length === 0) continue;
    const solved = solveCluster(model, placed, plan, budgetMs * (members.length / Math.max(1, pool.length)), clock);
    iterations += solved.iterations;
    if (solved.fallback) fallback = true;
    const ok = (g: number[]): boolean => sizeAllowed(g.length, settings) && podIsFeasible(model, g);
    const broken = solved.groups.filter((g) => !ok(g));
    repairedPods += broken.length;
    const fixed = repairPods(model, solved.groups.filter(ok), broken.flat(), hardestFirst(model, broken.flat(), shape, settings.seed));
    for (const i of fixed.unplaced) pending.set(i, { personId: model.people[i]!.id, reason: 'no-compatible-group', detail: 'no pod shares a window with them without a conflict', suggestion: 'add people in nearby time zones' });
    pods.push(...fixed.pods);
  }
  return { pods, pending, iterations, repairedPods, fallback };
}

function solveCluster(model: PoolModel, placed: number[], plan: SizePlan, timeLimitMs: number, clock: () => number):
  { groups: number[][]; iterations: number; fallback: boolean } {
  const s = model.settings;
  try {
    const local = new Map<number, number>();
    placed.forEach((g, l) => local.set(g, l));
    const problem: GroupingProblem = {
      n: placed.length,
      benefit: { kind: 'function', benefit: (a, b) => pairBenefit(model, placed[a]!, placed[b]!) },
      groups: planBounds(plan, s),
      conflicts: placed.map((g) => model.conflicts[g]!.map((j) => local.get(j)).filter((j): j is number => j !== undefined)),
    };
    const res = solveGrouping(problem, { seed: s.seed, timeLimitMs, now: clock, ...(s.maxIterations !== undefined ? { maxIterations: s.maxIterations } : {}) });
    return { groups: res.groups.map((g) => g.map((l) => placed[l]!)), iterations: res.iterations, fallback: false };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const targets = targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, s.minSize);
    const order = hardestFirst(model, placed, poolShape(model, placed), s.seed);
    const built = greedyPods(model, order, targets, (t) => Math.min(t, s.minSize));
    return { groups: built.leftover.length > 0 ? [...built.pods, built.leftover] : built.pods, iterations: 0, fallback: true };
  }
}

function utcLabel(slot: number): string {
  const m = slotToUtcMinuteOfWeek(slot);
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(m / 1440)]!;
  return `${day} ${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} UTC`;
}
