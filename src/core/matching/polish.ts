import { hasRun, WORDS_PER_WEEK } from './availability.ts';
import { pairKey, type PoolModel } from './model.ts';
import { podIsFeasible } from './pods.ts';

/**
 * Raise the number of pods whose members all come from different teams.
 *
 * The engine maximises a sum over pairs, which is indifferent between two pods with one same-team
 * pair each and one pod with two: both cost the same. Leads count pods, though ("is every pod
 * cross-team?"), so after the search we swap or move members between pods whenever that makes
 * more pods all-distinct, keeps every hard constraint and size bound, and adds no recency cost.
 * Team checks use per-pod team counts (no allocation); the hard-constraint check runs only on
 * candidates that would gain. Mutates `pods`; stops at `deadline` (clock units); returns the
 * number of accepted changes.
 */
export function concentrateSameTeamPairs(model: PoolModel, pods: number[][], clock: () => number, deadline: number): number {
  const s = model.settings;
  const n = model.people.length;
  const team = model.team;
  const allowed = (size: number): boolean => (size >= s.minSize && size <= s.maxSize) || s.allowSizes.includes(size);
  const counts = pods.map((g) => {
    const m = new Map<number, number>();
    for (const i of g) m.set(team[i]!, (m.get(team[i]!) ?? 0) + 1);
    return m;
  });
  const isDistinct = (p: number): boolean => counts[p]!.size === pods[p]!.length;
  const recency = (g: readonly number[]): number => {
    let r = 0;
    for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) r += model.recency.get(pairKey(n, g[x]!, g[y]!)) ?? 0;
    return r;
  };
  const noWorseRecency = (B: number[], P: number[], B2: number[], P2: number[]): boolean =>
    model.recency.size === 0 || recency(B2) + recency(P2) <= recency(B) + recency(P) + 1e-9;
  const commit = (b: number, p: number, B2: number[], P2: number[]): void => {
    for (const [k, g] of [[b, B2], [p, P2]] as const) {
      pods[k] = g;
      const m = new Map<number, number>();
      for (const i of g) m.set(team[i]!, (m.get(team[i]!) ?? 0) + 1);
      counts[k] = m;
    }
  };
  /** Would pod k have all-distinct teams after removing `out` (or -1) and adding `inc` (or -1)? */
  const distinctAfter = (k: number, out: number, inc: number): boolean => {
    const m = counts[k]!;
    let dupes = pods[k]!.length - m.size; // members beyond the first of their team
    if (out >= 0 && m.get(team[out]!)! > 1) dupes--;
    if (inc >= 0) {
      const c = (m.get(team[inc]!) ?? 0) - (out >= 0 && team[out] === team[inc] ? 1 : 0);
      if (c > 0) dupes++;
    }
    return dupes === 0;
  };

  // Cheap pre-check before the full window test: every pair of availability classes must overlap.
  const compat = new Map<number, boolean>();
  const scratch = new Uint32Array(WORDS_PER_WEEK);
  const pairOk = (i: number, j: number): boolean => {
    const a = model.zoneClass[i]!, c = model.zoneClass[j]!;
    if (a === c) return true;
    const key = a < c ? a * 65536 + c : c * 65536 + a;
    let ok = compat.get(key);
    if (ok === undefined) {
      for (let w = 0; w < WORDS_PER_WEEK; w++) scratch[w] = model.bits[i]![w]! & model.bits[j]![w]!;
      ok = hasRun(scratch, model.minRun);
      compat.set(key, ok);
    }
    return ok;
  };
  const fits = (i: number, g: readonly number[], skip: number): boolean => {
    for (const m of g) if (m !== skip && !pairOk(i, m)) return false;
    return true;
  };

  let accepted = 0;
  let improved = true;
  while (improved && clock() < deadline) {
    improved = false;
    for (let b = 0; b < pods.length && clock() < deadline; b++) {
      if (isDistinct(b)) continue;
      const B = pods[b]!;
      search: for (const x of B) {
        if (counts[b]!.get(team[x]!)! < 2) continue; // only a duplicated member can leave to help
        for (let p = 0; p < pods.length; p++) {
          if (p === b) continue;
          const P = pods[p]!;
          const before = isDistinct(p) ? 1 : 0;
          // Move x into P.
          if (allowed(B.length - 1) && allowed(P.length + 1) && fits(x, P, -1)) {
            const after = (distinctAfter(b, x, -1) ? 1 : 0) + (distinctAfter(p, -1, x) ? 1 : 0);
            if (after > before) {
              const B2 = B.filter((i) => i !== x), P2 = [...P, x];
              if (noWorseRecency(B, P, B2, P2) && podIsFeasible(model, B2) && podIsFeasible(model, P2)) {
                commit(b, p, B2, P2); accepted++; improved = true; break search;
              }
            }
          }
          // Swap x with z from P.
          for (const z of P) {
            const after = (distinctAfter(b, x, z) ? 1 : 0) + (distinctAfter(p, z, x) ? 1 : 0);
            if (after <= before || !fits(x, P, z) || !fits(z, B, x)) continue;
            const B2 = B.map((i) => (i === x ? z : i)), P2 = P.map((i) => (i === z ? x : i));
            if (!noWorseRecency(B, P, B2, P2) || !podIsFeasible(model, B2) || !podIsFeasible(model, P2)) continue;
            commit(b, p, B2, P2); accepted++; improved = true; break search;
          }
        }
      }
    }
  }
  return accepted;
}
