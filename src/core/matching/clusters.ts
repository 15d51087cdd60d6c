import { SLOTS_PER_WEEK, WORDS_PER_WEEK } from './availability.ts';
import type { PoolModel } from './model.ts';
import { seededHash } from './pool.ts';
import { planPodSizes } from './sizing.ts';

/**
 * Split a pool into "window clusters": everyone in a cluster can start a session at the cluster's
 * anchor slot, so ANY pod drawn from one cluster has a common window and the search inside it only
 * has to respect conflicts. (Handing the engine 8 interlocking time zones at once made its window
 * repair the bottleneck: 13 s for 2,000 people. Per cluster it is a plain conflict problem.)
 *
 * Anchors are one slot per maximal set of classes able to meet together; people who could join several
 * anchors (e.g. New York: with Europe at 14:00 UTC or with California at 17:00 UTC) go where their
 * team is rarest, which spreads teams for the cross-team objective; then they are moved between
 * clusters while that reduces the people a cluster size cannot split into pods.
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
  const members: number[][] = anchors.map(() => []);
  const teamCount: Map<number, number>[] = anchors.map(() => new Map());
  const place = (i: number, a: number): void => {
    members[a]!.push(i);
    teamCount[a]!.set(model.team[i]!, (teamCount[a]!.get(model.team[i]!) ?? 0) + 1);
  };
  const flexible: number[] = [];
  for (const [c, list] of byClass) {
    const opts = optionsOf.get(c)!;
    if (opts.length === 1) for (const i of list) place(i, opts[0]!);
    else flexible.push(...list);
  }
  flexible.sort((a, b) => seededHash(model.people[a]!.id, seed) - seededHash(model.people[b]!.id, seed));
  for (const i of flexible) {
    let best = -1, bestShare = Infinity;
    for (const a of optionsOf.get(model.zoneClass[i]!)!) {
      const share = ((teamCount[a]!.get(model.team[i]!) ?? 0) + 1) / (members[a]!.length + 1);
      if (share < bestShare) { bestShare = share; best = a; }
    }
    place(i, best);
  }

  // Move flexible people while it reduces the total remainder (sizes like 6, 7 or 11).
  const clusterOf = new Map<number, number>();
  members.forEach((list, a) => list.forEach((i) => clusterOf.set(i, a)));
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
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return anchors.map((anchor, a) => ({ anchor, members: members[a]! })).filter((c) => c.members.length > 0);
}
