import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

/**
 * Group-based crossover (after Lai & Hao's memetic MDGP): parents take turns giving the child
 * their most valuable remaining group (mean pair distance among members not yet placed), kept
 * at the same group index so its bounds still hold; leftovers go greedily to the group where
 * they add most, groups below their minimum first. Writes the child's group-of array.
 */
export function crossover(
  d: Float64Array, n: number, part: Partition, a: Int32Array, b: Int32Array, rng: Rng, child: Int32Array,
): void {
  const { m, min, max } = part;
  const placed = new Uint8Array(n);
  const taken = new Uint8Array(m);
  const size = new Int32Array(m);
  child.fill(-1);
  const members: number[] = [];
  let turn = rng.nextInt(2);
  for (let step = 0; step < m; step++) {
    const parent = turn === 0 ? a : b;
    turn ^= 1;
    let bestK = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < m; k++) {
      if (taken[k]) continue;
      members.length = 0;
      for (let i = 0; i < n; i++) if (parent[i] === k && !placed[i]) members.push(i);
      let sum = 0;
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) sum += d[members[x]! * n + members[y]!]!;
      const value = members.length > 1 ? sum / members.length : 0;
      if (value > bestValue) { bestValue = value; bestK = k; }
    }
    taken[bestK] = 1;
    for (let i = 0; i < n; i++) {
      if (parent[i] === bestK && !placed[i]) { child[i] = bestK; placed[i] = 1; size[bestK] = size[bestK]! + 1; }
    }
  }
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!placed[i]) rest.push(i);
  rng.shuffle(rest);
  let short = 0;
  for (let k = 0; k < m; k++) short += Math.max(0, min[k]! - size[k]!);
  for (let r = 0; r < rest.length; r++) {
    const i = rest[r]!;
    // When only just enough elements remain for the groups below minimum, only they may take one.
    const mustFill = short > 0 && short >= rest.length - r;
    let bestK = -1;
    let bestGain = -Infinity;
    for (let k = 0; k < m; k++) {
      if (size[k]! >= max[k]!) continue;
      if (mustFill && size[k]! >= min[k]!) continue;
      let gain = 0;
      for (let j = 0; j < n; j++) if (child[j] === k) gain += d[i * n + j]!;
      if (gain > bestGain) { bestGain = gain; bestK = k; }
    }
    child[i] = bestK;
    placed[i] = 1;
    if (size[bestK]! < min[bestK]!) short--;
    size[bestK] = size[bestK]! + 1;
  }
  // Inherited groups can leave too few elements for the others' minimums: move over the element
  // that loses least from a group above its minimum.
  for (let k = 0; k < m; k++) {
    while (size[k]! < min[k]!) {
      let bestI = -1;
      let bestGain = -Infinity;
      for (let i = 0; i < n; i++) {
        const g = child[i]!;
        if (g === k || size[g]! <= min[g]!) continue;
        let gain = 0;
        for (let j = 0; j < n; j++) {
          if (child[j] === k) gain += d[i * n + j]!;
          else if (child[j] === g) gain -= d[i * n + j]!;
        }
        if (gain > bestGain) { bestGain = gain; bestI = i; }
      }
      const from = child[bestI]!;
      size[from] = size[from]! - 1;
      child[bestI] = k;
      size[k] = size[k]! + 1;
    }
  }
}
