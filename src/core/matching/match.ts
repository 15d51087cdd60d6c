import { clusterPath } from './cluster-path.ts';
import { buildModel, pairKey, type PoolModel } from './model.ts';
import { describePods, podIsFeasible, repairPods } from './pods.ts';
import { sizeAllowed } from './greedy.ts';
import { boundsFor, planAndSearch, sizeRules, type PlannedMatch } from './plan/index.ts';
import { hardestFirst, poolShape } from './pool.ts';
import { remainderExplanation, smallestPod } from './sizing.ts';
import type { MatchInput, MatchMetrics, MatchResult, MatchSettings, UnplacedPerson } from './types.ts';

export interface MatchOptions {
  /** Clock for the time budget and elapsedMs; defaults to performance.now. */
  clock?: () => number;
}

/**
 * Match a pool of people into pods (see types.ts for the objective and the hard constraints).
 * Nobody is dropped silently: everyone not in a pod is in `unplaced` with a reason and a suggestion.
 * Deterministic for a given seed (and `maxIterations`).
 *
 * Plan first (plan/programs.ts: how many people of each zone and team go into pods of each zone
 * clique, with a proven bound), then pods built from the plan and improved until the time limit
 * or until every bounded term meets its bound (plan/improve.ts).
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
  const pending = new Map<number, UnplacedPerson>();
  let pods: number[][] = [];
  let planned: PlannedMatch | null = null;
  let iterations = 0, repairedPods = 0, solver: MatchMetrics['solver'] = 'plan';
  if (pool.length > 0) {
    try {
      planned = planAndSearch(model, pool, clock, started, started + settings.timeLimitMs);
    } catch (err) {
      if (!(err instanceof Error)) throw err; // the solver failed: fall back to the cluster path
    }
  }
  if (planned) {
    pods = planned.pods;
    iterations = planned.search.iterations;
    for (const i of planned.left) pending.set(i, remainder(model, planned, i));
  } else if (pool.length > 0) {
    const old = clusterPath(model, pool, shape, settings.timeLimitMs / 2, clock);
    ({ pods } = old);
    iterations = old.iterations; repairedPods = old.repairedPods; solver = old.fallback ? 'greedy' : 'engine';
    for (const [i, u] of old.pending) pending.set(i, u);
  }
  // Pods still breaking a hard rule after the search are rebuilt; everyone left gets a second
  // chance in any pod with room that shares a window with them.
  const ok = (g: number[]): boolean => sizeAllowed(g.length, settings) && podIsFeasible(model, g);
  const broken = pods.filter((g) => !ok(g));
  if (broken.length) {
    repairedPods += broken.length;
    const fixed = repairPods(model, pods.filter(ok), broken.flat(), hardestFirst(model, broken.flat(), shape, settings.seed));
    pods = fixed.pods;
    for (const i of fixed.unplaced) pending.set(i, noGroup(model, i, shape.partners.get(i)!));
  }
  const loose = [...pending.keys()];
  const rescued = repairPods(model, pods, loose, hardestFirst(model, loose, shape, settings.seed));
  pods = rescued.pods;
  for (const i of rescued.unplaced) unplaced.push(pending.get(i)!);

  const described = describePods(model, pods, (g) => (g.length < settings.minSize || g.length > settings.maxSize
    ? [`pod of ${g.length}: a size the programme explicitly allows, used because the pool could not split into pods of ${settings.minSize}–${settings.maxSize}`] : []));
  const bounds = finalBounds(model, pool, pods, planned, settings);
  const sameTeamPairs = pods.reduce((a, g) => a + sameTeam(model, g), 0);
  const totalPairs = pods.reduce((a, g) => a + (g.length * (g.length - 1)) / 2, 0);
  return {
    pods: described,
    unplaced,
    metrics: {
      people: model.people.length,
      placed: pods.reduce((a, g) => a + g.length, 0),
      unplaced: unplaced.length,
      pods: pods.length,
      podsAllTeamsDistinct: described.filter((p) => p.breakdown.allTeamsDistinct).length,
      allTeamsDistinctUpperBound: bounds.distinct,
      allTeamsDistinctUpperBoundAtFewestPairs: bounds.distinctAtFewest,
      sameTeamPairs,
      sameTeamPairsLowerBound: bounds.sameTeam,
      crossTeamPairs: totalPairs - sameTeamPairs,
      crossTeamPairsUpperBound: totalPairs - bounds.sameTeam,
      boundProven: bounds.optimal,
      stoppedBecause: planned?.search.stoppedBecause ?? 'no-improvement',
      sameTeamBoundMetAtMs: planned?.search.reachedAtMs === null || !planned ? null : Math.round(planned.search.reachedAtMs),
      podSizes: settings.podSizes ?? 'larger',
      repeatPairs: described.reduce((a, p) => a + p.breakdown.repeatPairs, 0),
      totalScore: Math.round(described.reduce((a, p) => a + p.score, 0) * 100) / 100,
      solver, engineIterations: iterations, repairedPods, polishMoves: 0,
    },
    elapsedMs: Math.round(clock() - started),
  };
}

function sameTeam(model: PoolModel, g: readonly number[]): number {
  let k = 0;
  for (let x = 0; x < g.length; x++) for (let y = 0; y < x; y++) if (model.team[g[x]!] === model.team[g[y]!]) k++;
  return k;
}

/**
 * The plan's bounds hold for groupings with its pod counts. When repairs changed the counts (a pod
 * rebuilt, someone rescued into an allowed extra size), the bounds are solved again for the final counts.
 */
function finalBounds(model: PoolModel, pool: readonly number[], pods: number[][], planned: PlannedMatch | null, s: MatchSettings): { sameTeam: number; distinct: number; distinctAtFewest: number; optimal: boolean } {
  if (pods.length === 0) return { sameTeam: 0, distinct: 0, distinctAtFewest: 0, optimal: true };
  const exceptions = new Map(sizeRules(s).exceptions.map((x) => [x, 0]));
  let regular = 0;
  for (const g of pods) {
    if (g.length >= s.minSize && g.length <= s.maxSize) regular++;
    else exceptions.set(g.length, (exceptions.get(g.length) ?? 0) + 1);
  }
  const placed = pods.reduce((a, g) => a + g.length, 0);
  const same = planned && planned.count.placed === placed && planned.count.regular === regular
    && [...exceptions].every(([x, k]) => (planned.count.exceptions.get(x) ?? 0) === k);
  if (planned && same) {
    return { sameTeam: planned.sameTeamPairsLowerBound, distinct: planned.allTeamsDistinctUpperBound,
      distinctAtFewest: planned.allTeamsDistinctAtFewestPairs, optimal: planned.boundOptimal };
  }
  try {
    const b = boundsFor(model, pool, { placed, regular, exceptions }, 10);
    return { ...b, distinctAtFewest: b.distinct };
  } catch {
    // No bound for these counts (e.g. the cluster path placed people the plan could not): claim nothing.
    return { sameTeam: 0, distinct: pods.length, distinctAtFewest: pods.length, optimal: false };
  }
}

function remainder(model: PoolModel, planned: PlannedMatch, i: number): UnplacedPerson {
  const z = model.zoneClass[i]!;
  // The people who could share a pod with them: everyone in zones linked to theirs through cliques.
  const zones = new Set<number>([z]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of planned.cliques) if (c.zones.some((y) => zones.has(y)) && c.zones.some((y) => !zones.has(y))) { c.zones.forEach((y) => zones.add(y)); grew = true; }
  }
  const n = model.people.filter((_, k) => zones.has(model.zoneClass[k]!)).length;
  const why = remainderExplanation(n, model.settings);
  return { personId: model.people[i]!.id, reason: 'pool-remainder', detail: why.detail, suggestion: why.suggestion };
}

function noGroup(model: PoolModel, i: number, partners: number): UnplacedPerson {
  const s = model.settings;
  return {
    personId: model.people[i]!.id, reason: 'no-compatible-group',
    detail: `no pod of ${s.minSize}–${s.maxSize} shares a ${s.sessionMinutes}-minute slot in their working hours (${model.people[i]!.timezone}) without a manager, report or excluded pair (${partners} possible partners)`,
    suggestion: 'add people in nearby time zones, widen the working hours, or shorten the session',
  };
}

export { pairKey };
