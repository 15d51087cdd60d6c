import { hasRun, WORDS_PER_WEEK } from './availability.ts';
import type { PoolModel } from './model.ts';

/**
 * Pool-level facts the matcher needs before searching: which availability classes (zones) can share
 * a pod, how many partners each person could have, and how hard each person is to place.
 */
export interface PoolShape {
  /** Distinct availability classes present in the pool, by class id. */
  classes: number[];
  /** compatible[a][b]: people of classes a and b share a session-long window. */
  compatible: Map<number, Set<number>>;
  /** Partners each pool member could share a pod with (window and conflicts only). */
  partners: Map<number, number>;
}

function classBits(model: PoolModel, pool: readonly number[]): Map<number, Uint32Array> {
  const out = new Map<number, Uint32Array>();
  for (const i of pool) if (!out.has(model.zoneClass[i]!)) out.set(model.zoneClass[i]!, model.bits[i]!);
  return out;
}

export function poolShape(model: PoolModel, pool: readonly number[]): PoolShape {
  const bits = classBits(model, pool);
  const classes = [...bits.keys()].sort((a, b) => a - b);
  const compatible = new Map<number, Set<number>>();
  const tmp = new Uint32Array(WORDS_PER_WEEK);
  for (const a of classes) {
    const set = new Set<number>();
    for (const b of classes) {
      const ba = bits.get(a)!, bb = bits.get(b)!;
      for (let w = 0; w < WORDS_PER_WEEK; w++) tmp[w] = ba[w]! & bb[w]!;
      if (hasRun(tmp, model.minRun)) set.add(b);
    }
    compatible.set(a, set);
  }
  const size = new Map<number, number>();
  for (const i of pool) size.set(model.zoneClass[i]!, (size.get(model.zoneClass[i]!) ?? 0) + 1);
  const inPool = new Set(pool);
  const partners = new Map<number, number>();
  for (const i of pool) {
    const ok = compatible.get(model.zoneClass[i]!)!;
    let count = -1; // not themself
    for (const c of ok) count += size.get(c) ?? 0;
    for (const j of model.conflicts[i]!) if (inPool.has(j) && ok.has(model.zoneClass[j]!)) count--;
    partners.set(i, count);
  }
  return { classes, compatible, partners };
}

/** Connected components of the class compatibility graph: pods never span two components. */
export function windowComponents(model: PoolModel, pool: readonly number[], shape: PoolShape): number[][] {
  const compOf = new Map<number, number>();
  let next = 0;
  for (const c of shape.classes) {
    if (compOf.has(c)) continue;
    const stack = [c];
    compOf.set(c, next);
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (const y of shape.compatible.get(x)!) if (!compOf.has(y)) { compOf.set(y, next); stack.push(y); }
    }
    next++;
  }
  const comps: number[][] = Array.from({ length: next }, () => []);
  for (const i of pool) comps[compOf.get(model.zoneClass[i]!)!]!.push(i);
  return comps.filter((c) => c.length > 0);
}

/** Deterministic per-seed tie-breaker (FNV-1a over the id, mixed with the seed). */
export function seededHash(id: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** Hardest to place first: fewest possible partners, then most conflicts, then a seeded tie-break. */
export function hardestFirst(model: PoolModel, pool: readonly number[], shape: PoolShape, seed: number): number[] {
  const key = (i: number): [number, number, number] => [
    shape.partners.get(i) ?? 0, -model.conflicts[i]!.length, seededHash(model.people[i]!.id, seed)];
  return [...pool].sort((a, b) => {
    const ka = key(a), kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}
