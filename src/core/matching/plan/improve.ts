import { Rng } from '../../grouping/rng.ts';
import { pairKey, type PoolModel } from '../model.ts';
import { sizeAllowed } from '../greedy.ts';

/**
 * Local search over all pods with a lexicographic objective, most important first:
 *   1. manager/exclusion conflicts (hard: repaired, never added),
 *   2. same-team pairs (the leading term; never traded for anything below),
 *   3. pods with a repeated team (fewer means more all-distinct pods),
 *   4. the rest of the pair score: department and location diversity minus the novelty cost,
 *      by simulated annealing.
 * Moves are swaps of two people and moves of one person between pods, kept inside a common window
 * (a pod's zones must lie in one zone clique: AND of the members' clique masks is non-zero).
 * It stops at the deadline, at the iteration cap, or when every bounded term meets its bound.
 */
export interface SearchTargets { sameTeamPairs: number; dirtyPods: number }
export interface SearchOutcome { stoppedBecause: 'bound-reached' | 'time-limit' | 'no-improvement'; iterations: number; reachedAtMs: number | null }

export function improvePods(model: PoolModel, pods: number[][], fixedSize: readonly boolean[], masks: ReadonlyMap<number, Uint32Array>,
  targets: SearchTargets, stop: { clock: () => number; deadline: number; maxIterations?: number; seed: number; started: number }): SearchOutcome {
  const s = model.settings, w = s.weights, n = model.people.length;
  const team = model.team, dept = model.department, loc = model.location, zone = model.zoneClass;
  const words = masks.values().next().value?.length ?? 1;
  const podOf = new Int32Array(n).fill(-1);
  pods.forEach((g, k) => g.forEach((i) => { podOf[i] = k; }));
  const people = pods.flat();
  if (pods.length < 2 || people.length < 2) return { stoppedBecause: 'no-improvement', iterations: 0, reachedAtMs: null };

  const conflict = (a: number, b: number): number => (model.conflictSet.has(pairKey(n, a, b)) ? 1 : 0);
  const rest = (a: number, b: number): number => {
    let v = 0;
    if (dept[a] !== dept[b] && dept[a]! >= 0 && dept[b]! >= 0) v += w.department;
    if (loc[a] !== loc[b] && loc[a]! >= 0 && loc[b]! >= 0) v += w.location;
    if (model.recency.size > 0) v -= w.novelty * (model.recency.get(pairKey(n, a, b)) ?? 0);
    return v;
  };
  const repeat = (a: number, b: number): number => (model.recency.size > 0 && model.recency.has(pairKey(n, a, b)) ? 1 : 0);
  const dupes = (g: readonly number[], out: number, inc: number): number => {
    let d = 0;
    const ts: number[] = [];
    for (const m of g) if (m !== out) ts.push(team[m]!);
    if (inc >= 0) ts.push(team[inc]!);
    for (let x = 0; x < ts.length; x++) for (let y = 0; y < x; y++) if (ts[x] === ts[y]) { d++; break; }
    return d;
  };
  const fits = (g: readonly number[], out: number, inc: number): boolean => {
    for (let k = 0; k < words; k++) {
      let acc = 0xffffffff;
      for (const m of g) if (m !== out) acc &= masks.get(zone[m]!)![k]!;
      if (inc >= 0) acc &= masks.get(zone[inc]!)![k]!;
      if (acc !== 0) return true;
    }
    return false;
  };
  // Totals, kept up to date by every accepted change.
  let conflicts = 0, pairs = 0, dirty = 0, repeats = 0;
  for (const g of pods) {
    for (let x = 0; x < g.length; x++) for (let y = 0; y < x; y++) {
      conflicts += conflict(g[x]!, g[y]!); pairs += team[g[x]!] === team[g[y]!] ? 1 : 0; repeats += repeat(g[x]!, g[y]!);
    }
    if (dupes(g, -1, -1) > 0) dirty++;
  }
  // Candidates for i: people whose zone shares a clique with i's zone.
  const byZone = new Map<number, number[]>();
  for (const i of people) { const l = byZone.get(zone[i]!); if (l) l.push(i); else byZone.set(zone[i]!, [i]); }
  const partners = new Map<number, number[]>();
  for (const z of byZone.keys()) {
    const mz = masks.get(z)!;
    partners.set(z, [...byZone].filter(([y]) => masks.get(y)!.some((m, k) => (m & mz[k]!) !== 0)).flatMap(([, l]) => l));
  }

  const rng = new Rng(stop.seed);
  const started = stop.started; // reachedAtMs counts from the start of the whole match
  const met = (): boolean => conflicts === 0 && pairs <= targets.sameTeamPairs && dirty <= targets.dirtyPods && repeats === 0;
  let reachedAtMs: number | null = conflicts === 0 && pairs <= targets.sameTeamPairs ? stop.clock() - started : null;
  if (met()) return { stoppedBecause: 'bound-reached', iterations: 0, reachedAtMs };
  const cap = stop.maxIterations ?? Infinity;
  const searchStart = stop.clock();
  const minimumSteps = 10 * people.length;
  let temp = 2;
  let step = 0;
  for (; step < cap; step++) {
    if ((step & 1023) === 0) {
      const now = stop.clock();
      // Past the deadline, a short pass still runs: the dealt pods may break a manager rule, and
      // repairing them here keeps same-team pairs at the plan's level (the fallback repair does not).
      if (now >= stop.deadline && (step >= minimumSteps || conflicts === 0)) break;
      const progress = Number.isFinite(cap) ? step / cap : (now - searchStart) / Math.max(1, stop.deadline - searchStart);
      temp = 2 * Math.pow(0.005, progress);
      if (reachedAtMs === null && conflicts === 0 && pairs <= targets.sameTeamPairs) reachedAtMs = now - started;
      if (met()) return { stoppedBecause: 'bound-reached', iterations: step, reachedAtMs };
    }
    const i = people[rng.nextInt(people.length)]!;
    const list = partners.get(zone[i]!)!;
    const j = list[rng.nextInt(list.length)]!;
    const a = podOf[i]!, b = podOf[j]!;
    if (a === b) continue;
    const P = pods[a]!, Q = pods[b]!;
    // A move when both sizes allow it (one in four tries), else a swap.
    const move = (step & 3) === 0 && !fixedSize[a] && !fixedSize[b] && sizeAllowed(P.length - 1, s) && sizeAllowed(Q.length + 1, s)
      && P.length - 1 >= s.minSize && Q.length + 1 <= s.maxSize;
    const inc = move ? -1 : j;
    if (!fits(P, i, inc) || !fits(Q, move ? -1 : j, i)) continue;
    let dc = 0, dp = 0, dr = 0, drep = 0;
    for (const m of P) {
      if (m === i) continue;
      dc -= conflict(i, m); dp -= team[i] === team[m] ? 1 : 0; dr -= rest(i, m); drep -= repeat(i, m);
      if (!move) { dc += conflict(j, m); dp += team[j] === team[m] ? 1 : 0; dr += rest(j, m); drep += repeat(j, m); }
    }
    for (const m of Q) {
      if (m === j && !move) continue;
      dc += conflict(i, m); dp += team[i] === team[m] ? 1 : 0; dr += rest(i, m); drep += repeat(i, m);
      if (!move) { dc -= conflict(j, m); dp -= team[j] === team[m] ? 1 : 0; dr -= rest(j, m); drep -= repeat(j, m); }
    }
    if (dc > 0 || (dc === 0 && dp > 0)) continue;
    const dirtyBefore = (dupes(P, -1, -1) > 0 ? 1 : 0) + (dupes(Q, -1, -1) > 0 ? 1 : 0);
    const dirtyAfter = (dupes(P, i, inc) > 0 ? 1 : 0) + (dupes(Q, move ? -1 : j, i) > 0 ? 1 : 0);
    const dd = dirtyAfter - dirtyBefore;
    if (dc === 0 && dp === 0) {
      if (dd > 0) continue;
      if (dd === 0 && dr < 0 && rng.nextFloat() >= Math.exp(dr / temp)) continue;
    }
    if (move) { P.splice(P.indexOf(i), 1); Q.push(i); podOf[i] = b; }
    else { P[P.indexOf(i)] = j; Q[Q.indexOf(j)] = i; podOf[i] = b; podOf[j] = a; }
    conflicts += dc; pairs += dp; dirty += dd; repeats += drep;
  }
  if (reachedAtMs === null && conflicts === 0 && pairs <= targets.sameTeamPairs) reachedAtMs = stop.clock() - started;
  if (met()) return { stoppedBecause: 'bound-reached', iterations: step, reachedAtMs };
  return { stoppedBecause: 'time-limit', iterations: step, reachedAtMs };
}
