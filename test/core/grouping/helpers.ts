import type { GroupingProblem, GroupingResult } from '../../../src/core/grouping/problem.ts';
import { Rng } from '../../../src/core/grouping/rng.ts';

/** Throws unless result.groups is a partition of 0..n-1 respecting every group's bounds. */
export function assertPartition(problem: GroupingProblem, result: GroupingResult): void {
  if (result.groups.length !== problem.groups.length) throw new Error(`expected ${problem.groups.length} groups`);
  const seen = new Uint8Array(problem.n);
  result.groups.forEach((members, k) => {
    const b = problem.groups[k]!;
    if (members.length < b.min || members.length > b.max) throw new Error(`group ${k} has ${members.length}, bounds ${b.min}..${b.max}`);
    for (const e of members) {
      if (e < 0 || e >= problem.n || seen[e]) throw new Error(`element ${e} out of range or placed twice`);
      seen[e] = 1;
    }
  });
  if (seen.some((x) => x === 0)) throw new Error('an element was left out');
}

/** Objective recomputed from scratch. */
export function objective(problem: GroupingProblem, groups: number[][]): number {
  const b = problem.benefit;
  const w = b.kind === 'dense' ? (i: number, j: number) => b.matrix[i * problem.n + j]! : b.benefit;
  let s = 0;
  for (const g of groups) for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) s += w(g[x]!, g[y]!);
  return s;
}

/** Conflicting pairs sharing a group plus groups without a common window of minRun slots. */
export function violations(problem: GroupingProblem, groups: number[][]): number {
  let v = 0;
  for (const g of groups) {
    for (const i of g) for (const j of problem.conflicts?.[i] ?? []) if (j > i && g.includes(j)) v++;
    const win = problem.windows;
    if (win && g.length > 0) {
      const words = win.bits[0]!.length;
      let best = 0;
      let run = 0;
      for (let s = 0; s < words * 32; s++) {
        const all = g.every((e) => ((win.bits[e]![s >> 5]! >>> (s & 31)) & 1) === 1);
        run = all ? run + 1 : 0;
        best = Math.max(best, run);
      }
      if (best < win.minRun) v++;
    }
  }
  return v;
}

const WORDS = 3; // 96 quarter-hour slots
const MIN_RUN = 4;

/**
 * A problem with a hidden feasible grouping into pods of 4-5: conflicts only join elements
 * the hidden grouping separates, and each hidden pod shares one window of MIN_RUN slots.
 */
export function planted(n: number, seed: number, dense: boolean, zoned = false): GroupingProblem {
  const rng = new Rng(seed);
  const m = Math.ceil(n / 5);
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  const podOf = new Int32Array(n);
  order.forEach((e, k) => { podOf[e] = k % m; });
  const conflicts: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < n; k++) {
    const i = rng.nextInt(n);
    const j = rng.nextInt(n);
    if (i !== j && podOf[i] !== podOf[j] && !conflicts[i]!.includes(j)) { conflicts[i]!.push(j); conflicts[j]!.push(i); }
  }
  const starts = Array.from({ length: m }, () => rng.nextInt(WORDS * 32 - MIN_RUN));
  const bits = Array.from({ length: n }, (_, i) => {
    const b = new Uint32Array(WORDS);
    // Zoned: an 8-hour working block shifted by a time zone of 0-7 hours, 10% of it busy.
    // Otherwise: 30% random availability, so almost only the hidden pods share a window.
    const zone = rng.nextInt(8);
    for (let s = 0; s < WORDS * 32; s++) {
      const free = zoned ? s >= 36 + zone * 4 && s < 68 + zone * 4 && rng.nextFloat() >= 0.1 : rng.nextFloat() < 0.3;
      if (free) b[s >> 5] = b[s >> 5]! | (1 << (s & 31));
    }
    for (let s = starts[podOf[i]!]!; s < starts[podOf[i]!]! + MIN_RUN; s++) b[s >> 5] = b[s >> 5]! | (1 << (s & 31));
    return b;
  });
  const w = (i: number, j: number): number => ((i * 31 + j * 17) % 11) + ((i ^ j) % 3);
  const sym = (i: number, j: number): number => (i < j ? w(i, j) : w(j, i));
  const benefit = dense
    ? { kind: 'dense' as const, matrix: Float64Array.from({ length: n * n }, (_, k) => sym(Math.floor(k / n), k % n)) }
    : { kind: 'function' as const, benefit: sym };
  return { n, benefit, groups: Array.from({ length: m }, () => ({ min: 4, max: 5 })), conflicts, windows: { bits, minRun: MIN_RUN } };
}

