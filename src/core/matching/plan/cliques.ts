import { SLOTS_PER_WEEK, WORDS_PER_WEEK } from '../availability.ts';

/**
 * Zone cliques: the maximal sets of availability classes (time zones, as far as windows go) whose
 * people can all start a session at one common slot, in every week of the commitment.
 *
 * A pod has a common window exactly when its members' zones all contain a common session start,
 * i.e. when its set of zones lies inside one clique. So people of one zone are interchangeable as
 * far as windows go, and every feasible pod has a "type": a clique that contains all its zones.
 */
export interface ZoneClique {
  /** Availability class ids, ascending. */
  zones: number[];
  /** One slot where all of them can start a session (the first such slot). */
  slot: number;
}

/** Bitset of slots s where a session of minRun slots starting at s fits inside `bits`. */
export function runStarts(bits: Uint32Array, minRun: number): Uint32Array {
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

/** The maximal zone sets sharing a start slot, from each zone's start bitset (see runStarts). */
export function zoneCliques(starts: ReadonlyMap<number, Uint32Array>): ZoneClique[] {
  const zones = [...starts.keys()].sort((a, b) => a - b);
  const found: ZoneClique[] = [];
  const seen = new Set<string>();
  for (let s = 0; s < SLOTS_PER_WEEK; s++) {
    const set = zones.filter((z) => has(starts.get(z)!, s));
    if (set.length === 0) continue;
    const key = set.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ zones: set, slot: s });
  }
  // Keep the maximal ones: a set inside another set is not a clique.
  return found.filter((c) => !found.some((d) => d !== c && d.zones.length > c.zones.length && c.zones.every((z) => d.zones.includes(z))));
}

/** For each zone, a bitmask over cliques (word k holds cliques 32k..32k+31): which cliques contain it. */
export function cliqueMasks(cliques: readonly ZoneClique[]): { words: number; maskOf: Map<number, Uint32Array> } {
  const words = Math.max(1, Math.ceil(cliques.length / 32));
  const maskOf = new Map<number, Uint32Array>();
  cliques.forEach((c, k) => {
    for (const z of c.zones) {
      let m = maskOf.get(z);
      if (!m) { m = new Uint32Array(words); maskOf.set(z, m); }
      m[k >>> 5]! |= 1 << (k & 31);
    }
  });
  return { words, maskOf };
}
