import { solveGrouping } from '../grouping/index.ts';
import type { GroupingProblem } from '../grouping/problem.ts';
import { slotToUtcMinuteOfWeek } from './availability.ts';
import { allDistinctUpperBound } from './bounds.ts';
import { windowClusters } from './clusters.ts';
import { buildModel, type PoolModel } from './model.ts';
import { pairBenefit } from './objective.ts';
import { hardestFirst, poolShape, windowComponents } from './pool.ts';
import { describePods, podIsFeasible, repairPods } from './pods.ts';
import { concentrateSameTeamPairs } from './polish.ts';
import { greedyPods, sizeAllowed, targetSizes } from './greedy.ts';
import { planBounds, planPodSizes, remainderExplanation, smallestPod, type SizePlan } from './sizing.ts';
import type { MatchInput, MatchResult, MatchSettings, UnplacedPerson } from './types.ts';

/** Share of the time budget kept for raising the count of all-distinct-team pods (polish.ts). */
const POLISH_SHARE = 0.4;

export interface MatchOptions {
  /** Clock for the time budget and elapsedMs; defaults to performance.now (as the engine does). */
  clock?: () => number;
}

/**
 * Match a pool of people into pods (see types.ts for the objective and the hard constraints).
 * Nobody is dropped silently: everyone not in a pod is in `unplaced` with a reason and a suggestion.
 * Deterministic for a given seed (and `maxIterations`).
 */
export function matchPeople(input: MatchInput, settings: MatchSettings, now: Date, options: MatchOptions = {}): MatchResult {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const { model, unusable } = buildModel(input, settings, now);
  const unplaced: UnplacedPerson[] = [...unusable];
  const out = new Set(unusable.map((u) => model.indexOf.get(u.personId)!));
  let pool = model.people.map((_, i) => i).filter((i) => !out.has(i));

  // Peel away people who cannot have enough partners for even the smallest allowed pod.
  const need = smallestPod(settings) - 1;
  if (pool.length <= need) {
    const why = remainderExplanation(pool.length, settings);
    for (const i of pool) unplaced.push({ personId: model.people[i]!.id, reason: 'pool-remainder', ...why });
    pool = [];
  }
  for (;;) {
    const shape = poolShape(model, pool);
    const stuck = pool.filter((i) => shape.partners.get(i)! < need);
    if (stuck.length === 0) break;
    for (const i of stuck) unplaced.push(noGroup(model, i, shape.partners.get(i)!));
    const s = new Set(stuck);
    pool = pool.filter((i) => !s.has(i));
  }

  const shape = poolShape(model, pool);
  const clusters = windowClusters(model, pool, settings.seed);
  const pods: number[][] = [];
  // People the clusters could not seat: they get a second chance across all pods at the end.
  const pending = new Map<number, UnplacedPerson>();
  let solver: 'engine' | 'greedy' = 'engine';
  let iterations = 0, repairedPods = 0;
  for (const cluster of clusters) {
    const members = cluster.members;
    const plan = planPodSizes(members.length, settings);
    const order = hardestFirst(model, members, shape, settings.seed);
    // Leave out the hardest to place when the cluster cannot split exactly.
    const leaveOut = order.slice(0, members.length - plan.placed);
    const why = remainderExplanation(members.length, settings);
    const scope = clusters.length > 1 ? ` (the people who can meet at ${utcLabel(cluster.anchor)}: ${zonesOf(model, members)})` : '';
    for (const i of leaveOut) {
      pending.set(i, { personId: model.people[i]!.id, reason: 'pool-remainder', detail: `${why.detail}${scope}; they are among the hardest to place (${shape.partners.get(i)} possible partners, ${model.conflicts[i]!.length} conflicts)`, suggestion: why.suggestion });
    }
    const left = new Set(leaveOut);
    const placed = members.filter((i) => !left.has(i));
    if (placed.length === 0) continue;
    const budget = settings.timeLimitMs * (1 - POLISH_SHARE) * (members.length / Math.max(1, pool.length));
    const solved = solveCluster(model, placed, plan, budget, clock);
    iterations += solved.iterations;
    if (solved.fallback) solver = 'greedy';
    const ok = (g: number[]): boolean => sizeAllowed(g.length, settings) && podIsFeasible(model, g);
    const good = solved.groups.filter(ok);
    const broken = solved.groups.filter((g) => !ok(g));
    repairedPods += broken.length;
    const fixed = repairPods(model, good, broken.flat(), hardestFirst(model, broken.flat(), shape, settings.seed));
    for (const i of fixed.unplaced) pending.set(i, noGroup(model, i, shape.partners.get(i)!));
    pods.push(...fixed.pods);
  }
  // Second chance: a pod elsewhere with room may share a window with them (a New Yorker left over
  // in a small Americas cluster can still join a London pod that meets at 14:00 UTC).
  const loose = [...pending.keys()];
  const rescued = repairPods(model, pods, loose, hardestFirst(model, loose, shape, settings.seed));
  for (const i of rescued.unplaced) unplaced.push(pending.get(i)!);
  // With an iteration cap the caller wants determinism: the polish then runs to its fixed point
  // (it always ends: every accepted change adds an all-distinct pod).
  const polishUntil = settings.maxIterations !== undefined ? Infinity
    : Math.max(started + settings.timeLimitMs, clock() + settings.timeLimitMs * POLISH_SHARE);
  const polished = concentrateSameTeamPairs(model, pods, clock, polishUntil);
  const bound = teamBound(model, windowComponents(model, pool, shape), pods);

  const described = describePods(model, pods, (g) => (g.length < settings.minSize || g.length > settings.maxSize
    ? [`pod of ${g.length}: a size the programme explicitly allows, used because the pool could not split into pods of ${settings.minSize}–${settings.maxSize}`] : []));
  return {
    pods: described,
    unplaced,
    metrics: {
      people: model.people.length,
      placed: pods.reduce((a, g) => a + g.length, 0),
      unplaced: unplaced.length,
      pods: pods.length,
      podsAllTeamsDistinct: described.filter((p) => p.breakdown.allTeamsDistinct).length,
      allTeamsDistinctUpperBound: bound,
      repeatPairs: described.reduce((a, p) => a + p.breakdown.repeatPairs, 0),
      totalScore: Math.round(described.reduce((a, p) => a + p.score, 0) * 100) / 100,
      solver, engineIterations: iterations, repairedPods, polishMoves: polished,
    },
    elapsedMs: Math.round(clock() - started),
  };
}

/** One window cluster through the grouping engine; the greedy builder if the engine fails outright. */
function solveCluster(model: PoolModel, placed: number[], plan: SizePlan, timeLimitMs: number, clock: () => number):
  { groups: number[][]; iterations: number; fallback: boolean } {
  const s = model.settings;
  try {
    return { ...solveWithEngine(model, placed, planBounds(plan, s), timeLimitMs, clock), fallback: false };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const targets = targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, s.minSize);
    const order = hardestFirst(model, placed, poolShape(model, placed), s.seed);
    const built = greedyPods(model, order, targets, (t) => Math.min(t, s.minSize));
    // Whoever the greedy builder could not seat is handed to the repair step as a broken pod.
    return { groups: built.leftover.length > 0 ? [...built.pods, built.leftover] : built.pods, iterations: 0, fallback: true };
  }
}

function solveWithEngine(model: PoolModel, placed: number[], groups: GroupingProblem['groups'], timeLimitMs: number, clock: () => number):
  { groups: number[][]; iterations: number } {
  const local = new Map<number, number>();
  placed.forEach((g, l) => local.set(g, l));
  const problem: GroupingProblem = {
    n: placed.length,
    benefit: { kind: 'function', benefit: (a, b) => pairBenefit(model, placed[a]!, placed[b]!) },
    groups,
    conflicts: placed.map((g) => model.conflicts[g]!.map((j) => local.get(j)).filter((j): j is number => j !== undefined)),
    // No windows: everyone in a cluster can meet at its anchor slot (see clusters.ts).
  };
  const s = model.settings;
  const res = solveGrouping(problem, { seed: s.seed, timeLimitMs, now: clock, ...(s.maxIterations !== undefined ? { maxIterations: s.maxIterations } : {}) });
  return { groups: res.groups.map((g) => g.map((l) => placed[l]!)), iterations: res.iterations };
}

/** Upper bound on all-distinct-team pods, per window component (pods never span two). */
function teamBound(model: PoolModel, components: number[][], pods: number[][]): number {
  const compOf = new Map<number, number>();
  components.forEach((c, k) => c.forEach((i) => compOf.set(i, k)));
  let bound = 0;
  components.forEach((_, k) => {
    const mine = pods.filter((g) => compOf.get(g[0]!) === k);
    const teams = new Map<number, number>();
    for (const i of mine.flat()) teams.set(model.team[i]!, (teams.get(model.team[i]!) ?? 0) + 1);
    bound += allDistinctUpperBound([...teams.values()], mine.map((g) => g.length));
  });
  return bound;
}

function utcLabel(slot: number): string {
  const m = slotToUtcMinuteOfWeek(slot);
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(m / 1440)]!;
  return `${day} ${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} UTC`;
}

function zonesOf(model: PoolModel, comp: readonly number[]): string {
  return [...new Set(comp.map((i) => model.people[i]!.timezone))].sort().join(', ');
}

function noGroup(model: PoolModel, i: number, partners: number): UnplacedPerson {
  const s = model.settings;
  return {
    personId: model.people[i]!.id, reason: 'no-compatible-group',
    detail: `no pod of ${s.minSize}–${s.maxSize} shares a ${s.sessionMinutes}-minute slot in their working hours (${model.people[i]!.timezone}) without a manager, report or excluded pair (${partners} possible partners)`,
    suggestion: 'add people in nearby time zones, widen the working hours, or shorten the session',
  };
}
