import { gainTo } from './benefit.ts';
import type { HardConstraints } from './constraints.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

/** Group sizes summing to n within bounds: every group gets its min, the rest is spread at random. */
export function targetSizes(part: Partition, rng: Rng): Int32Array {
  const target = Int32Array.from(part.min);
  let rest = part.n - target.reduce((s, x) => s + x, 0);
  const open: number[] = [];
  for (let g = 0; g < part.m; g++) if (target[g]! < part.max[g]!) open.push(g);
  while (rest > 0 && open.length > 0) {
    const k = rng.nextInt(open.length);
    const g = open[k]!;
    target[g] = target[g]! + 1;
    rest--;
    if (target[g] === part.max[g]) { open[k] = open[open.length - 1]!; open.pop(); }
  }
  return target;
}

/**
 * Sizes maximising meanBenefit * sum of s(s-1)/2 (the expected objective of a random fill):
 * with positive benefits the pairs count is convex in size, so the best profiles push groups
 * to their bounds, which local moves one element at a time rarely discover. Exact DP over
 * groups and running total; falls back to random spreading when that table would be large.
 */
export function profitableSizes(part: Partition, rng: Rng, meanBenefit: number): Int32Array {
  const { n, m, min, max } = part;
  if (meanBenefit === 0 || (m + 1) * (n + 1) > 4_000_000) return targetSizes(part, rng);
  const width = n + 1;
  const value = new Float64Array((m + 1) * width).fill(-Infinity);
  const choice = new Int32Array((m + 1) * width);
  value[0] = 0;
  for (let g = 0; g < m; g++) {
    for (let t = 0; t <= n; t++) {
      const v = value[g * width + t]!;
      if (v === -Infinity) continue;
      for (let s = min[g]!; s <= max[g]! && t + s <= n; s++) {
        const cand = v + (meanBenefit * s * (s - 1)) / 2;
        const at = (g + 1) * width + t + s;
        if (cand > value[at]!) { value[at] = cand; choice[at] = s; }
      }
    }
  }
  const target = new Int32Array(m);
  let t = n;
  for (let g = m; g > 0; g--) {
    const s = choice[g * width + t]!;
    target[g - 1] = s;
    t -= s;
  }
  return target;
}

/** A uniformly shuffled partition respecting the size bounds (ignores constraints and benefit). */
export function randomPartition(part: Partition, rng: Rng): void {
  const target = targetSizes(part, rng);
  const order = Int32Array.from({ length: part.n }, (_, i) => i);
  rng.shuffle(order);
  part.size.fill(0);
  part.groupOf.fill(-1);
  let k = 0;
  for (let g = 0; g < part.m; g++) for (let c = 0; c < target[g]!; c++) part.add(order[k++]!, g);
}

/**
 * Greedy construction: most-constrained elements first, each into the open group (below its
 * target size) with the fewest new hard violations, then the largest benefit to its members.
 * With many groups only `sample` open groups are scored, falling back to a full scan when none
 * of them is violation-free.
 */
export function greedyPartition(
  part: Partition,
  w: (i: number, j: number) => number,
  hard: HardConstraints,
  rng: Rng,
  difficulty: Float64Array | undefined,
  target: Int32Array,
  sample = 32,
): void {
  const order = Int32Array.from({ length: part.n }, (_, i) => i);
  rng.shuffle(order);
  if (difficulty) {
    const sorted = Array.from(order).sort((x, y) => difficulty[y]! - difficulty[x]!);
    order.set(sorted);
  }
  part.size.fill(0);
  part.groupOf.fill(-1);
  const open: number[] = [];
  for (let g = 0; g < part.m; g++) if (target[g]! > 0) open.push(g);
  const full = open.length <= sample;
  // Seed every group with one element first, so later elements see spread-out anchors
  // instead of piling into whichever group filled first.
  const empty = open.slice().reverse();
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const g = empty.length > 0 ? empty.pop()! : choose(i);
    part.add(i, g);
    hard.refresh(g);
    if (part.size[g] === target[g]) {
      const at = open.indexOf(g);
      open[at] = open[open.length - 1]!;
      open.pop();
    }
  }

  function choose(i: number): number {
    let best = -1;
    let bestV = Infinity;
    let bestGain = -Infinity;
    const consider = (g: number): void => {
      const v = hard.active ? addViolations(hard, i, g) : 0;
      if (v > bestV) return;
      const gain = gainTo(part, w, i, g);
      if (v < bestV || gain > bestGain) { best = g; bestV = v; bestGain = gain; }
    };
    if (full) {
      for (const g of open) consider(g);
    } else {
      for (let s = 0; s < sample; s++) consider(open[rng.nextInt(open.length)]!);
      if (bestV > 0) for (const g of open) consider(g);
    }
    return best;
  }
}

function addViolations(hard: HardConstraints, i: number, g: number): number {
  let v = hard.conflictsIn(i, g);
  if (hard.hasWindows && hard.windowFail[g] === 0 && !hard.windowOk(g, -1, i)) v += 1;
  return v;
}
