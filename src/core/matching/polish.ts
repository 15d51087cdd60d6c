import { pairKey, type PoolModel } from './model.ts';
import { podIsFeasible } from './pods.ts';

/**
 * Raise the number of pods whose members all come from different teams.
 *
 * The engine maximises a sum over pairs, which is indifferent between two pods with one same-team
 * pair each and one pod with two: both cost the same. Leads count pods, though ("is every pod
 * cross-team?"), so after the search we swap or move members between pods whenever that makes
 * more pods all-distinct, keeps every hard constraint and size bound, and adds no recency cost.
 * Mutates `pods`. Stops at `deadline` (clock units). Returns the number of accepted changes.
 */
export function concentrateSameTeamPairs(model: PoolModel, pods: number[][], clock: () => number, deadline: number): number {
  const s = model.settings;
  const n = model.people.length;
  const team = model.team;
  const allowed = (size: number): boolean => (size >= s.minSize && size <= s.maxSize) || s.allowSizes.includes(size);
  const distinct = (g: readonly number[]): boolean => new Set(g.map((i) => team[i]!)).size === g.length;
  const recency = (g: readonly number[]): number => {
    if (model.recency.size === 0) return 0;
    let r = 0;
    for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) r += model.recency.get(pairKey(n, g[x]!, g[y]!)) ?? 0;
    return r;
  };
  let accepted = 0;
  let improved = true;
  while (improved && clock() < deadline) {
    improved = false;
    for (let b = 0; b < pods.length && clock() < deadline; b++) {
      const B = pods[b]!;
      if (distinct(B)) continue;
      const counts = new Map<number, number>();
      for (const i of B) counts.set(team[i]!, (counts.get(team[i]!) ?? 0) + 1);
      const dupes = B.filter((i) => counts.get(team[i]!)! > 1);
      search: for (const x of dupes) {
        const rest = B.filter((i) => i !== x);
        const restTeams = new Set(rest.map((i) => team[i]!));
        for (let p = 0; p < pods.length; p++) {
          if (p === b) continue;
          const P = pods[p]!;
          const before = distinct(P) ? 1 : 0; // B is not distinct
          const tries: { B2: number[]; P2: number[] }[] = [];
          // Move x into P when both sizes stay allowed.
          if (allowed(rest.length) && allowed(P.length + 1)) tries.push({ B2: rest, P2: [...P, x] });
          for (const z of P) {
            if (restTeams.has(team[z]!)) continue;
            tries.push({ B2: [...rest, z], P2: [...P.filter((i) => i !== z), x] });
          }
          for (const t of tries) {
            const after = (distinct(t.B2) ? 1 : 0) + (distinct(t.P2) ? 1 : 0);
            if (after <= before) continue; // no net gain in all-distinct pods
            if (recency(t.B2) + recency(t.P2) > recency(B) + recency(P) + 1e-9) continue;
            if (!podIsFeasible(model, t.B2) || !podIsFeasible(model, t.P2)) continue;
            pods[b] = t.B2;
            pods[p] = t.P2;
            accepted++;
            improved = true;
            break search;
          }
        }
      }
    }
  }
  return accepted;
}
