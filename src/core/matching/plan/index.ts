import type { PoolModel } from '../model.ts';
import { aggregate, type SizeRules } from './aggregate.ts';
import { cliqueMasks, runStarts, zoneCliques, type ZoneClique } from './cliques.ts';
import { constructPods } from './construct.ts';
import { improvePods, type SearchOutcome } from './improve.ts';
import { allDistinctBound, podCount, sameTeamPlan, type PodCount } from './programs.ts';

/**
 * Plan, build, search: the matcher's main path (see programs.ts for the bounds, construct.ts for
 * turning the plan into pods, improve.ts for the search).
 */
export interface PlannedMatch {
  pods: number[][];
  /** People the plan leaves out (the pool cannot split into pods otherwise). */
  left: number[];
  cliques: ZoneClique[];
  count: PodCount;
  sameTeamPairsLowerBound: number;
  allTeamsDistinctUpperBound: number;
  /** The same among groupings with the fewest same-team pairs (what the search aims at). */
  allTeamsDistinctAtFewestPairs: number;
  boundOptimal: boolean;
  search: SearchOutcome;
}

const MAX_EXCEPTION_PODS = 4;

export function sizeRules(s: PoolModel['settings']): SizeRules {
  return {
    min: s.minSize, max: s.maxSize, maxExceptionPods: MAX_EXCEPTION_PODS, prefer: s.podSizes ?? 'larger',
    exceptions: [...new Set(s.allowSizes)].filter((x) => x >= 2 && (x < s.minSize || x > s.maxSize)).sort((a, b) => a - b),
  };
}

export function poolCliques(model: PoolModel, pool: readonly number[]): ZoneClique[] {
  const starts = new Map<number, Uint32Array>();
  for (const i of pool) if (!starts.has(model.zoneClass[i]!)) starts.set(model.zoneClass[i]!, runStarts(model.bits[i]!, model.minRun));
  return zoneCliques(starts);
}

/** Bounds for a grouping with these counts (zone-aware; ignore manager and exclusion rules). */
export function boundsFor(model: PoolModel, pool: readonly number[], count: PodCount, timeLimitSeconds: number): { sameTeam: number; distinct: number; optimal: boolean } {
  const rules = sizeRules(model.settings);
  const agg = aggregate(model.zoneClass, model.team, pool, poolCliques(model, pool), Math.max(rules.max, ...rules.exceptions));
  const plan = sameTeamPlan(agg, rules, count, timeLimitSeconds);
  return { sameTeam: plan.lowerBound, distinct: allDistinctBound(agg, rules, count, timeLimitSeconds), optimal: plan.optimal };
}

export function planAndSearch(model: PoolModel, pool: readonly number[], clock: () => number, started: number, deadline: number): PlannedMatch {
  const s = model.settings;
  const rules = sizeRules(s);
  const cliques = poolCliques(model, pool);
  const agg = aggregate(model.zoneClass, model.team, pool, cliques, Math.max(rules.max, ...rules.exceptions));
  const limit = Math.max(0.5, (deadline - clock()) / 1000 / 3);
  const count = podCount(agg, rules);
  const plan = sameTeamPlan(agg, rules, count, limit);
  const distinct = allDistinctBound(agg, rules, count, limit);
  let distinctAtFewest = distinct;
  try {
    distinctAtFewest = Math.min(distinct, allDistinctBound(agg, rules, count, limit, plan.lowerBound));
  } catch { /* keep the unconditional bound: still valid, only looser */ }
  const built = constructPods(model, pool, agg, plan, s.seed);
  const { maskOf } = cliqueMasks(cliques);
  const search = improvePods(model, built.pods, built.fixedSize, maskOf,
    { sameTeamPairs: plan.lowerBound, dirtyPods: built.pods.length - distinctAtFewest },
    { clock, deadline, started, seed: s.seed, ...(s.maxIterations !== undefined ? { maxIterations: s.maxIterations * 20 } : {}) });
  return { pods: built.pods, left: built.left, cliques, count, sameTeamPairsLowerBound: plan.lowerBound, allTeamsDistinctUpperBound: distinct, allTeamsDistinctAtFewestPairs: distinctAtFewest,
    boundOptimal: plan.optimal, search };
}
