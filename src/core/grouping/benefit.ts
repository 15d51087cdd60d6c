import type { GroupingProblem } from './problem.ts';
import type { Partition } from './partition.ts';

/** Pair benefit as a plain function, whatever the problem's representation. */
export function benefitFn(problem: GroupingProblem): (i: number, j: number) => number {
  const b = problem.benefit;
  if (b.kind === 'function') return b.benefit;
  const matrix = b.matrix;
  const n = problem.n;
  return (i, j) => matrix[i * n + j]!;
}

/** Sum of benefits between i and the members of group g (excluding i and `skip`). */
export function gainTo(part: Partition, w: (i: number, j: number) => number, i: number, g: number, skip = -1): number {
  let s = 0;
  const base = part.offset[g]!;
  const size = part.size[g]!;
  for (let k = 0; k < size; k++) {
    const e = part.slots[base + k]!;
    if (e !== i && e !== skip) s += w(i, e);
  }
  return s;
}

/** Objective of a partition: sum of benefits over pairs sharing a group. */
export function objectiveOf(part: Partition, w: (i: number, j: number) => number): number {
  let total = 0;
  for (let g = 0; g < part.m; g++) {
    const base = part.offset[g]!;
    const size = part.size[g]!;
    for (let x = 0; x < size; x++) {
      const i = part.slots[base + x]!;
      for (let y = x + 1; y < size; y++) total += w(i, part.slots[base + y]!);
    }
  }
  return total;
}
