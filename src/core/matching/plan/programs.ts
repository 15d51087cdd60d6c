import { SMALL_TEAMS, type Aggregate, type SizeRules } from './aggregate.ts';
import { IntegerProgram } from './solver.ts';

/**
 * The aggregated programs behind the plan and the bounds. Variables count people of a zone × team
 * cell sent to pods of a clique type, and pods per clique type, never individuals. Ignoring manager
 * and exclusion rules, every solution can be turned into pods (construct.ts deals each clique's
 * people round-robin), so the optima are exact for that relaxation: a lower bound on same-team
 * pairs and an upper bound on all-distinct pods for any grouping with the same pod counts.
 *
 * Same-team pairs use the segment form of the even-spread envelope: the k people of team t in the
 * T pods of clique q cost Σ_m m·s_m with k = Σ_m s_m and 0 ≤ s_m ≤ T (the first T people cost 0,
 * the next T cost 1 pair each, …), which equals the tangent-line envelope max_m (m·k − C(m+1,2)·T).
 * With pod counts fixed, the rest is a network flow (cells → clique·team → clique), whose linear
 * program has integral optimal vertices; so only the pod counts need branching.
 */

/** How many people a grouping places and in how many pods (regular pods and exception pods per size). */
export interface PodCount { placed: number; regular: number; exceptions: Map<number, number> }

interface Skeleton {
  ip: IntegerProgram;
  /** x[q]: cell index -> column (people of that cell in pods of clique q). */
  x: Map<number, number>[];
  /** Regular pods of clique q. */
  p: number[];
  /** Exception pods of clique q, per allowed exception size. */
  e: Map<number, number>[];
  /** segments[q]: team -> columns s_0, s_1, … (people of the team in q at marginal cost 0, 1, …). */
  segments: Map<number, number[]>[];
}

interface SkeletonOptions {
  sense: 'min' | 'max';
  count?: PodCount;
  /** Build the same-team segments (objective: Σ m·s_m). */
  segments?: boolean;
  integerPods: boolean;
}

function teamsOf(agg: Aggregate): Map<number, number[]> {
  const out = new Map<number, number[]>();
  agg.cells.forEach((c, k) => { const l = out.get(c.team); if (l) l.push(k); else out.set(c.team, [k]); });
  return out;
}

/** Columns and rows shared by every program: cells flow into cliques; pods hold min..max people (or an exception size). */
function skeleton(agg: Aggregate, rules: SizeRules, o: SkeletonOptions): Skeleton {
  const ip = new IntegerProgram(o.sense);
  const x = agg.cliques.map(() => new Map<number, number>());
  agg.cliques.forEach((q, k) => {
    for (const z of q.zones) for (const c of agg.cellsOfZone.get(z) ?? []) x[k]!.set(c, ip.variable(0, 0, agg.cells[c]!.count, false));
  });
  const p = agg.cliques.map(() => ip.variable(0, 0, Infinity, o.integerPods));
  const e = agg.cliques.map(() => new Map(rules.exceptions.map((s) => [s, ip.variable(0, 0, rules.maxExceptionPods, o.integerPods)] as const)));
  const unplaced: number[] = [];
  agg.cells.forEach((cell, c) => {
    const cols: number[] = [];
    x.forEach((m) => { const col = m.get(c); if (col !== undefined) cols.push(col); });
    if (o.count) {
      // Whoever the count leaves out is left out here too (the program picks whom).
      const u = ip.variable(0, 0, cell.count, false);
      unplaced.push(u);
      ip.row(cell.count, cell.count, [...cols, u], [...cols.map(() => 1), 1]);
    } else {
      ip.row(0, cell.count, cols, cols.map(() => 1));
    }
  });
  const largest = Math.max(rules.max, ...rules.exceptions);
  const teams = teamsOf(agg);
  const segments = agg.cliques.map(() => new Map<number, number[]>());
  agg.cliques.forEach((_, q) => {
    const podCols = [p[q]!, ...e[q]!.values()];
    // Arcs into clique q: people of a cell directly, or through the team's segments.
    const into: number[] = [];
    for (const [team, cells] of teams) {
      const cols = cells.map((c) => x[q]!.get(c)).filter((c): c is number => c !== undefined);
      if (cols.length === 0) continue;
      const most = cells.reduce((a, c) => a + (x[q]!.has(c) ? agg.cells[c]!.count : 0), 0);
      if (!o.segments || most < 2 || team === SMALL_TEAMS) { into.push(...cols); continue; }
      const segs: number[] = [];
      for (let m = 0; m < Math.min(largest, most); m++) {
        const s = ip.variable(m, 0, Infinity, false);
        segs.push(s);
        ip.row(-Infinity, 0, [s, ...podCols], [1, ...podCols.map(() => -1)]); // s_m ≤ pods of q
      }
      segments[q]!.set(team, segs);
      ip.row(0, 0, [...segs, ...cols], [...segs.map(() => 1), ...cols.map(() => -1)]);
      into.push(...segs);
    }
    const ex = [...e[q]!.entries()];
    // min·p + Σ s·e ≤ people ≤ max·p + Σ s·e
    ip.row(0, Infinity, [...into, p[q]!, ...ex.map(([, col]) => col)], [...into.map(() => 1), -rules.min, ...ex.map(([s]) => -s)]);
    ip.row(-Infinity, 0, [...into, p[q]!, ...ex.map(([, col]) => col)], [...into.map(() => 1), -rules.max, ...ex.map(([s]) => -s)]);
  });
  const allE = e.flatMap((m) => [...m.values()]);
  if (allE.length) ip.row(0, rules.maxExceptionPods, allE, allE.map(() => 1));
  if (o.count) {
    const out = Math.max(0, agg.cells.reduce((a, c) => a + c.count, 0) - o.count.placed);
    ip.row(out, out, unplaced, unplaced.map(() => 1));
    ip.row(o.count.regular, o.count.regular, p, p.map(() => 1));
    for (const s of rules.exceptions) {
      const cols = e.map((m) => m.get(s)!);
      ip.row(o.count.exceptions.get(s) ?? 0, o.count.exceptions.get(s) ?? 0, cols, cols.map(() => 1));
    }
  }
  return { ip, x, p, e, segments };
}

interface PodsPerClique { regular: number[]; exceptions: Map<number, number>[] }

/** Round the relaxation's pod counts to integers with the same totals (largest remainders first), or null. */
function roundPods(s: Skeleton, v: Float64Array, count: PodCount, rules: SizeRules): PodsPerClique | null {
  const round = (cols: number[], target: number): number[] | null => {
    const fl = cols.map((c) => Math.floor(v[c]! + 1e-6));
    let rest = target - fl.reduce((a, b) => a + b, 0);
    const order = cols.map((c, k) => [v[c]! - fl[k]!, k] as const).sort((a, b) => b[0] - a[0]);
    for (const [, k] of order) { if (rest <= 0) break; fl[k]!++; rest--; }
    return rest === 0 ? fl : null;
  };
  const regular = round(s.p, count.regular);
  if (!regular) return null;
  const exceptions = s.p.map(() => new Map<number, number>());
  for (const size of rules.exceptions) {
    const r = round(s.e.map((m) => m.get(size)!), count.exceptions.get(size) ?? 0);
    if (!r) return null;
    r.forEach((k, q) => exceptions[q]!.set(size, k));
  }
  return { regular, exceptions };
}

/** The flow for fixed pod counts: a network linear program, so its optimal vertex is integral. Null if infeasible. */
function solveFlow(agg: Aggregate, rules: SizeRules, count: PodCount, pods: PodsPerClique, timeLimitSeconds: number):
  { flow: Skeleton; values: Float64Array; objective: number } | null {
  const flow = skeleton(agg, rules, { sense: 'min', count, segments: true, integerPods: false });
  flow.p.forEach((col, q) => flow.ip.fix(col, pods.regular[q]!));
  flow.e.forEach((m, q) => m.forEach((col, size) => flow.ip.fix(col, pods.exceptions[q]!.get(size) ?? 0)));
  try {
    const sol = flow.ip.solve({ timeLimitSeconds });
    return { flow, values: sol.values, objective: sol.objective };
  } catch {
    return null;
  }
}

const total = (cols: Iterable<number>, v: Float64Array): number => { let s = 0; for (const c of cols) s += v[c]!; return s; };

function byZone(agg: Aggregate): Aggregate {
  const cells = [...agg.cellsOfZone].map(([zone, list]) => ({ zone, team: -1, count: list.reduce((a, c) => a + agg.cells[c]!.count, 0) }));
  return { cells, cliques: agg.cliques, cellsOfZone: new Map(cells.map((c, k) => [c.zone, [k]])) };
}

/**
 * Most people placed, then fewest exception pods, then the pod count the programme prefers (fewest
 * pods for 'larger', most pods for 'smaller'). One clique: counted directly. Several: one small
 * program over zones whose objective weights make the three aims strictly ordered.
 */
export function podCount(fine: Aggregate, rules: SizeRules): PodCount {
  const people = fine.cells.reduce((a, c) => a + c.count, 0);
  if (fine.cliques.length === 1) return oneClique(people, rules);
  const agg = byZone(fine); // teams do not matter here: one cell per zone keeps this program tiny
  const s = skeleton(agg, rules, { sense: 'max', integerPods: true });
  const most = Math.floor(people / Math.min(rules.min, ...rules.exceptions)) + 1;
  const exceptionWeight = most + 1;
  const placedWeight = exceptionWeight * (rules.maxExceptionPods + 1) + most;
  s.ip.setCosts(s.x.flatMap((m) => [...m.values()]), placedWeight);
  s.ip.setCosts(s.e.flatMap((m) => [...m.values()]), -exceptionWeight);
  s.ip.setCosts(s.p, rules.prefer === 'larger' ? -1 : 1);
  const v = s.ip.solve({ timeLimitSeconds: 10 }).values;
  const exceptions = new Map<number, number>();
  for (const size of rules.exceptions) exceptions.set(size, Math.round(total(s.e.map((m) => m.get(size)!), v)));
  return { placed: Math.round(total(s.x.flatMap((m) => [...m.values()]), v)), regular: Math.round(total(s.p, v)), exceptions };
}

/** One clique: the largest headcount that splits, with the fewest exception pods, then the preferred pod count. */
function oneClique(n: number, rules: SizeRules): PodCount {
  for (let placed = n; placed > 0; placed--) {
    for (let e = 0; e <= (rules.exceptions.length ? rules.maxExceptionPods : 0); e++) {
      let best: PodCount | undefined;
      for (const ex of multisets(rules.exceptions, e)) {
        const rest = placed - ex.reduce((a, b) => a + b, 0);
        const lo = Math.ceil(rest / rules.max), hi = Math.floor(rest / rules.min);
        if (rest < 0 || lo > hi) continue;
        const regular = rules.prefer === 'larger' ? lo : hi;
        if (best && (rules.prefer === 'larger' ? best.regular <= regular : best.regular >= regular)) continue;
        const exceptions = new Map(rules.exceptions.map((x) => [x, ex.filter((y) => y === x).length]));
        best = { placed, regular, exceptions };
      }
      if (best) return best;
    }
  }
  return { placed: 0, regular: 0, exceptions: new Map(rules.exceptions.map((x) => [x, 0])) };
}

function* multisets(sizes: readonly number[], count: number, from = 0): Generator<number[]> {
  if (count === 0) { yield []; return; }
  for (let k = from; k < sizes.length; k++) for (const rest of multisets(sizes, count - 1, k)) yield [sizes[k]!, ...rest];
}

/** The plan: per clique, how many people of each cell and how many pods; and the proven bound. */
export interface SameTeamPlan {
  /** No grouping with these pod counts has fewer same-team pairs (exact when `optimal`). */
  lowerBound: number;
  /** Same-team pairs of the plan itself (reachable when manager rules allow). */
  planned: number;
  optimal: boolean;
  /** people[q]: cell index -> people of that cell in clique q's pods. */
  people: Map<number, number>[];
  regularPods: number[];
  exceptionPods: Map<number, number>[];
  /** Cell index -> people left out. */
  unplaced: Map<number, number>;
  columns: number;
  rows: number;
}

/**
 * Fewest same-team pairs. The linear relaxation gives a bound at once; its pod counts, rounded, fix a
 * flow whose optimum is integral. When that flow does not meet the bound, branch and bound on the
 * pod counts only (a few dozen integers at most) closes the gap or proves it.
 */
export function sameTeamPlan(agg: Aggregate, rules: SizeRules, count: PodCount, timeLimitSeconds: number): SameTeamPlan {
  // The relaxation first: with the pod counts rounded, the flow often meets its bound already.
  const relaxed = skeleton(agg, rules, { sense: 'min', count, segments: true, integerPods: false });
  const r = relaxed.ip.solve({ timeLimitSeconds });
  let bound = Math.max(0, Math.ceil(r.objective - 1e-6));
  let pods = roundPods(relaxed, r.values, count, rules);
  let attempt = pods ? solveFlow(agg, rules, count, pods, timeLimitSeconds) : null;
  if (!attempt || Math.round(attempt.objective) > bound) {
    const mip = skeleton(agg, rules, { sense: 'min', count, segments: true, integerPods: true });
    const branched = mip.ip.solve({ timeLimitSeconds });
    bound = Math.max(bound, Math.ceil(branched.bound - 1e-6));
    pods = { regular: mip.p.map((c) => Math.round(branched.values[c]!)), exceptions: mip.e.map((m) => new Map([...m].map(([sz, c]) => [sz, Math.round(branched.values[c]!)]))) };
    attempt = solveFlow(agg, rules, count, pods, timeLimitSeconds);
  }
  const { flow, values: v, objective } = attempt!;
  const people = flow.x.map((m) => new Map([...m].map(([c, col]) => [c, Math.round(v[col]!)] as const).filter(([, n]) => n > 0)));
  const unplaced = new Map<number, number>();
  agg.cells.forEach((cell, c) => {
    const out = cell.count - people.reduce((a, m) => a + (m.get(c) ?? 0), 0);
    if (out > 0) unplaced.set(c, out);
  });
  const planned = Math.round(objective);
  return {
    lowerBound: Math.min(bound, planned),
    planned,
    optimal: bound >= planned,
    people,
    regularPods: flow.p.map((col) => Math.round(v[col]!)),
    exceptionPods: flow.e.map((m) => new Map([...m].map(([size, col]) => [size, Math.round(v[col]!)] as const))),
    unplaced,
    columns: flow.ip.columns,
    rows: flow.ip.rows,
  };
}

/**
 * Most pods whose members all come from different teams (linear relaxation, rounded down: a valid
 * upper bound), optionally among groupings with at most `maxSameTeamPairs` same-team pairs: the
 * two aims pull apart (spreading a big team evenly leaves a pair in many pods; piling its extra
 * members into few pods frees the others but adds pairs), so the matcher, which puts pairs first,
 * is measured against the bound for its own priority too. A pod of clique q is all-distinct when each team gives it at most one member; with
 * d such pods team t puts y ≤ min(d, k) people in them, the d pods hold lo·d..hi·d people, and the
 * rest fill the clique's other pods.
 */
export function allDistinctBound(agg: Aggregate, rules: SizeRules, count: PodCount, timeLimitSeconds: number, maxSameTeamPairs?: number): number {
  const s = skeleton(agg, rules, { sense: 'max', count, integerPods: false, segments: maxSameTeamPairs !== undefined });
  const { ip } = s;
  if (maxSameTeamPairs !== undefined) {
    // Only groupings with at most this many same-team pairs (Σ m·s_m, as in sameTeamPlan).
    const segs = s.segments.flatMap((m) => [...m.values()]);
    const cols = segs.flat();
    const weights = segs.flatMap((list) => list.map((_, m) => m));
    ip.setCosts(cols, 0);
    ip.row(-Infinity, maxSameTeamPairs, cols, weights);
  }
  const lo = Math.min(rules.min, ...rules.exceptions), hi = Math.max(rules.max, ...rules.exceptions);
  const teams = teamsOf(agg);
  agg.cliques.forEach((_, q) => {
    const podCols = [s.p[q]!, ...s.e[q]!.values()];
    const d = ip.variable(1, 0, Infinity, false);
    ip.row(-Infinity, 0, [d, ...podCols], [1, ...podCols.map(() => -1)]);
    const ys: number[] = [];
    for (const [team, cells] of teams) {
      const cols = cells.map((c) => s.x[q]!.get(c)).filter((c): c is number => c !== undefined);
      if (cols.length === 0) continue;
      const y = ip.variable(0, 0, Infinity, false);
      ys.push(y);
      if (team !== SMALL_TEAMS) ip.row(-Infinity, 0, [y, d], [1, -1]); // pooled small teams: relaxed
      ip.row(-Infinity, 0, [y, ...cols], [1, ...cols.map(() => -1)]);
    }
    const all = [...s.x[q]!.values()];
    ip.row(0, Infinity, [...ys, d], [...ys.map(() => 1), -lo]);
    ip.row(-Infinity, 0, [...ys, d], [...ys.map(() => 1), -hi]);
    // lo·(T − d) ≤ N − Σy ≤ hi·(T − d)
    ip.row(0, Infinity, [...all, ...ys, ...podCols, d], [...all.map(() => 1), ...ys.map(() => -1), ...podCols.map(() => -lo), lo]);
    ip.row(-Infinity, 0, [...all, ...ys, ...podCols, d], [...all.map(() => 1), ...ys.map(() => -1), ...podCols.map(() => -hi), hi]);
  });
  const sol = ip.solve({ timeLimitSeconds });
  return Math.floor(sol.bound + 1e-6);
}
