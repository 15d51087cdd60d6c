import { SLOTS_PER_WEEK, WORDS_PER_WEEK } from './availability.ts';
import type { PoolModel } from './model.ts';
import { seededHash } from './pool.ts';
import { allDistinctUpperBound } from './bounds.ts';
import { targetSizes } from './greedy.ts';
import { planPodSizes } from './sizing.ts';

/**
 * Split a pool into "window clusters": everyone in a cluster can start a session at the cluster's
 * anchor slot, so ANY pod drawn from one cluster has a common window and the search inside it only
 * has to respect conflicts. (Handing the engine 8 interlocking time zones at once made its window
 * repair the bottleneck: 13 s for 2,000 people. Per cluster it is a plain conflict problem.)
 *
 * Anchors are one slot per maximal set of classes able to meet together; people who could join several
 * anchors (e.g. New York: with Europe at 14:00 UTC or with California at 17:00 UTC) are dealt over
 * them team by team, then moved while that lowers team crowding, then while that reduces the people
 * a cluster size cannot split into pods.
 */
export interface WindowCluster { anchor: number; members: number[] }

/** Bitset of slots s where a session of minRun slots starting at s fits. */
function runStarts(bits: Uint32Array, minRun: number): Uint32Array {
  const y = Uint32Array.from(bits);
  for (let k = 1; k < minRun; k++) {
    const wq = k >>> 5, b = k & 31;
    for (let w = 0; w < WORDS_PER_WEEK; w++) {
      const lo = bits[w + wq] ?? 0, hi = bits[w + wq + 1] ?? 0;
      y[w]! &= b === 0 ? lo : (lo >>> b) | (hi << (32 - b));
    }
  }
  return y;
}

const has = (bits: Uint32Array, s: number): boolean => ((bits[s >>> 5]! >>> (s & 31)) & 1) === 1;

function leftover(n: number, model: PoolModel): number {
  return n - planPodSizes(n, model.settings).placed;
}

export function windowClusters(model: PoolModel, pool: readonly number[], seed: number): WindowCluster[] {
  const byClass = new Map<number, number[]>();
  for (const i of pool) {
    const c = model.zoneClass[i]!;
    const list = byClass.get(c);
    if (list) list.push(i); else byClass.set(c, [i]);
  }
  const starts = new Map<number, Uint32Array>();
  for (const [c, list] of byClass) starts.set(c, runStarts(model.bits[list[0]!]!, model.minRun));

  // Anchors: one slot per maximal set of classes that can meet together (e.g. Americas, Americas +
  // Europe, Europe + India, Asia-Pacific). More anchors give flexible people more ways to mix.
  const anchors: number[] = [];
  const sets: number[][] = [];
  for (let s = 0; s < SLOTS_PER_WEEK; s++) {
    const set = [...byClass.keys()].filter((c) => has(starts.get(c)!, s)).sort((a, b) => a - b);
    if (set.length === 0) continue;
    const key = (xs: number[]): string => xs.join(',');
    if (sets.some((t) => key(t) === key(set) || set.every((c) => t.includes(c)))) continue; // already hosted
    for (let k = sets.length - 1; k >= 0; k--) {
      if (sets[k]!.every((c) => set.includes(c))) { sets.splice(k, 1); anchors.splice(k, 1); }
    }
    sets.push(set);
    anchors.push(s);
  }

  const optionsOf = new Map<number, number[]>();
  for (const c of byClass.keys()) optionsOf.set(c, anchors.flatMap((s, a) => (has(starts.get(c)!, s) ? [a] : [])));
  // Two ways to place people who could join several anchors; keep the one whose clusters allow
  // more all-distinct-team pods (sum of per-cluster bounds, minus people a size cannot split).
  // "rarest": each goes where their team is rarest (few big clusters: best for large orgs).
  // "deal": each class is dealt over its anchors team by team, so a big team at home in one office
  // is split over every cluster that office can join (best when one team dominates an office).
  let best: number[][] = [];
  let bestScore = -Infinity;
  for (const strategy of ['rarest', 'deal'] as const) {
    const members = assign(model, byClass, optionsOf, anchors.length, strategy, seed);
    const score = members.reduce((sum, m) => sum + clusterBound(model, m) - leftover(m.length, model), 0);
    if (score > bestScore) { bestScore = score; best = members; }
  }
  return anchors.map((anchor, a) => ({ anchor, members: best[a]! })).filter((c) => c.members.length > 0);
}

function clusterBound(model: PoolModel, members: readonly number[]): number {
  const plan = planPodSizes(members.length, model.settings);
  const sizes = targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, model.settings.minSize);
  const teams = new Map<number, number>();
  for (const i of members) bump(teams, model.team[i]!, 1);
  return allDistinctUpperBound([...teams.values()], sizes);
}

function assign(model: PoolModel, byClass: Map<number, number[]>, optionsOf: Map<number, number[]>, anchorCount: number,
  strategy: 'rarest' | 'deal', seed: number): number[][] {
  const members: number[][] = Array.from({ length: anchorCount }, () => []);
  const teamCount: Map<number, number>[] = members.map(() => new Map());
  const place = (i: number, a: number): void => {
    members[a]!.push(i);
    bump(teamCount[a]!, model.team[i]!, 1);
  };
  const flexible: number[] = [];
  for (const [c, list] of byClass) {
    const opts = optionsOf.get(c)!;
    if (opts.length === 1) for (const i of list) place(i, opts[0]!);
    else flexible.push(...list);
  }
  const hash = (i: number): number => seededHash(model.people[i]!.id, seed);
  if (strategy === 'deal') {
    flexible.sort((a, b) => model.zoneClass[a]! - model.zoneClass[b]! || model.team[a]! - model.team[b]! || hash(a) - hash(b));
    const dealt = new Map<number, number>();
    for (const i of flexible) {
      const c = model.zoneClass[i]!;
      const k = dealt.get(c) ?? 0;
      dealt.set(c, k + 1);
      place(i, optionsOf.get(c)![k % optionsOf.get(c)!.length]!);
    }
    flexible.sort((a, b) => hash(a) - hash(b));
  } else {
    flexible.sort((a, b) => hash(a) - hash(b));
    for (const i of flexible) {
      let best = -1, bestShare = Infinity;
      for (const a of optionsOf.get(model.zoneClass[i]!)!) {
        const share = ((teamCount[a]!.get(model.team[i]!) ?? 0) + 1) / (members[a]!.length + 1);
        if (share < bestShare) { bestShare = share; best = a; }
      }
      place(i, best);
    }
  }

  const clusterOf = new Map<number, number>();
  members.forEach((list, a) => list.forEach((i) => clusterOf.set(i, a)));
  spreadTeams(model, members, teamCount, clusterOf, flexible, optionsOf);

  // Move flexible people while it reduces the total remainder (sizes like 6, 7 or 11).
  for (let pass = 0; pass < 6; pass++) {
    let moved = false;
    for (const i of flexible) {
      const from = clusterOf.get(i)!;
      const nFrom = members[from]!.length;
      for (const to of optionsOf.get(model.zoneClass[i]!)!) {
        if (to === from) continue;
        const nTo = members[to]!.length;
        const delta = leftover(nFrom - 1, model) + leftover(nTo + 1, model) - leftover(nFrom, model) - leftover(nTo, model);
        // Also drain a cluster that cannot split into a bigger one at no cost: it may empty out
        // (moves only go towards bigger clusters, so this cannot cycle).
        if (delta > 0 || (delta === 0 && (leftover(nFrom, model) === 0 || nTo < nFrom))) continue;
        members[from] = members[from]!.filter((x) => x !== i);
        members[to]!.push(i);
        clusterOf.set(i, to);
        bump(teamCount[from]!, model.team[i]!, -1);
        bump(teamCount[to]!, model.team[i]!, 1);
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return members;
}

function bump(counts: Map<number, number>, team: number, by: number): void {
  counts.set(team, (counts.get(team) ?? 0) + by);
}

/** People a cluster cannot seat in all-distinct-team pods: sum over teams of max(0, count − pods). */
function excess(counts: Map<number, number>, size: number, maxSize: number): number {
  const pods = Math.ceil(size / maxSize);
  let e = 0;
  for (const c of counts.values()) if (c > pods) e += c - pods;
  return e;
}

/**
 * Move flexible people between their possible clusters while that lowers the total team excess
 * (a team of T people in a cluster of P pods forces T − P same-team pairs). Without it a big team
 * at home in one office (e.g. 105 of 127 in Bangalore) all lands in one cluster and cannot spread.
 * A small remainder weight lets an empty cluster start filling; sizes are fixed up afterwards.
 */
function spreadTeams(model: PoolModel, members: number[][], teamCount: Map<number, number>[], clusterOf: Map<number, number>,
  flexible: readonly number[], optionsOf: Map<number, number[]>): void {
  const max = model.settings.maxSize;
  const cost = (a: number, sizeDelta: number, team: number, teamDelta: number): number => {
    bump(teamCount[a]!, team, teamDelta);
    const size = members[a]!.length + sizeDelta;
    const c = excess(teamCount[a]!, size, max) + 0.25 * leftover(size, model);
    bump(teamCount[a]!, team, -teamDelta);
    return c;
  };
  const sizes = members.map((m) => m.length);
  const lists = members.map(() => new Set<number>());
  members.forEach((m, a) => m.forEach((i) => lists[a]!.add(i)));
  for (let pass = 0; pass < 4; pass++) {
    let moved = 0;
    for (const i of flexible) {
      const from = clusterOf.get(i)!;
      const t = model.team[i]!;
      const opts = optionsOf.get(model.zoneClass[i]!)!;
      if (opts.length < 2 || (teamCount[from]!.get(t) ?? 0) <= Math.ceil(sizes[from]! / max)) continue; // not over-represented
      const base = cost(from, 0, t, 0);
      const fromAfter = cost(from, -1, t, -1);
      let best = -1, bestGain = 1e-9;
      for (const to of opts) {
        if (to === from) continue;
        const gain = base + cost(to, 0, t, 0) - fromAfter - cost(to, 1, t, 1);
        if (gain > bestGain) { bestGain = gain; best = to; }
      }
      if (best < 0) continue;
      bump(teamCount[from]!, t, -1);
      bump(teamCount[best]!, t, 1);
      lists[from]!.delete(i); lists[best]!.add(i);
      members[from]!.length = 0; // keep `members` in sync for the size-based costs
      members[from]!.push(...lists[from]!);
      members[best]!.push(i);
      sizes[from]!--; sizes[best]!++;
      clusterOf.set(i, best);
      moved++;
    }
    if (moved === 0) break;
  }
}
