import type { ZoneClique } from './cliques.ts';

/**
 * The pool seen from above: how many people of each zone and team there are, and which zone
 * cliques pods can be made of. Plans and bounds work on these counts, never on individuals, so
 * their size does not grow with headcount (50,000 people in 8 zones and 1,700 teams make about
 * 5,000 non-empty zone × team cells).
 */
export interface Cell { zone: number; team: number; count: number }

export interface Aggregate {
  cells: Cell[];
  cliques: ZoneClique[];
  /** Cell indices per zone. */
  cellsOfZone: Map<number, number[]>;
}

/** Pod sizes a plan may use. `prefer` decides the pod count for a given headcount (see types.ts). */
export interface SizeRules {
  min: number;
  max: number;
  /** Sizes outside min..max the programme allows, used only when the pool cannot split otherwise. */
  exceptions: number[];
  maxExceptionPods: number;
  prefer: 'larger' | 'smaller';
}

/** The team code of cells that gather small teams (see `aggregate`). */
export const SMALL_TEAMS = -1;

/** At most this many teams are modelled one by one (the largest); the rest count as small. */
const MAX_MODELLED_TEAMS = 250;

/**
 * Count people per zone × team. Teams too small to be forced into a same-team pair are pooled into
 * one SMALL_TEAMS cell per zone, which keeps the programs small at any headcount: a team is small
 * when it has at most half as many people as there are pods holding people of any one of its zones
 * (at least n_z / largest pod size). Treating them as pair-free only relaxes the programs, so the
 * bounds stay valid; the search then spreads them (and reports any pair it could not avoid).
 */
export function aggregate(zoneOf: ArrayLike<number>, teamOf: ArrayLike<number>, pool: readonly number[], cliques: ZoneClique[], largestPod: number): Aggregate {
  const zoneSize = new Map<number, number>();
  const teamSize = new Map<number, number>();
  const teamZones = new Map<number, Set<number>>();
  for (const i of pool) {
    zoneSize.set(zoneOf[i]!, (zoneSize.get(zoneOf[i]!) ?? 0) + 1);
    teamSize.set(teamOf[i]!, (teamSize.get(teamOf[i]!) ?? 0) + 1);
    let zs = teamZones.get(teamOf[i]!);
    if (!zs) { zs = new Set(); teamZones.set(teamOf[i]!, zs); }
    zs.add(zoneOf[i]!);
  }
  const modelled = new Set([...teamSize].filter(([t, n]) => {
    if (n < 2) return false;
    const reach = Math.min(...[...teamZones.get(t)!].map((z) => Math.floor(zoneSize.get(z)! / largestPod)));
    return n > reach / 2;
  }).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_MODELLED_TEAMS).map(([t]) => t));
  const index = new Map<string, number>();
  const cells: Cell[] = [];
  const cellsOfZone = new Map<number, number[]>();
  for (const i of pool) {
    const team = modelled.has(teamOf[i]!) ? teamOf[i]! : SMALL_TEAMS;
    const key = `${zoneOf[i]}:${team}`;
    let k = index.get(key);
    if (k === undefined) {
      k = cells.length;
      index.set(key, k);
      cells.push({ zone: zoneOf[i]!, team, count: 0 });
      const list = cellsOfZone.get(zoneOf[i]!);
      if (list) list.push(k); else cellsOfZone.set(zoneOf[i]!, [k]);
    }
    cells[k]!.count++;
  }
  return { cells, cliques, cellsOfZone };
}

/** Pairs among k people of one team spread as evenly as possible over `pods` pods: the least possible. */
export function evenSpreadPairs(k: number, pods: number): number {
  if (pods <= 0) return k > 0 ? Infinity : 0;
  const q = Math.floor(k / pods), r = k - q * pods;
  return pods * ((q * (q - 1)) / 2) + r * q;
}
