import type { HardConstraints } from './constraints.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

/**
 * Push a partition towards feasibility: for members of violating groups, try random partners
 * (swaps) or moves that lower the total violation count. Ignores the benefit. Returns the
 * remaining violations (0 when feasible).
 */
export function repair(part: Partition, hard: HardConstraints, rng: Rng, rounds = 30): number {
  if (!hard.active || part.m < 2) return hard.active ? hard.total() : 0;
  let tries = 16;
  for (let round = 0; round < rounds; round++) {
    const bad: number[] = [];
    for (let g = 0; g < part.m; g++) if (hard.groupViolations(g) > 0) bad.push(g);
    if (bad.length === 0) return 0;
    let improved = false;
    for (const g of bad) {
      for (let k = 0; k < part.size[g]! && hard.groupViolations(g) > 0; k++) {
        const x = part.member(g, k);
        for (let t = 0; t < tries; t++) {
          const y = rng.nextInt(part.n);
          const b = part.groupOf[y]!;
          if (b === g) continue;
          const canMove = part.size[g]! > part.min[g]! && part.size[b]! < part.max[b]!;
          if (canMove && hard.moveDelta(x, b) < 0) {
            part.move(x, b);
          } else if (hard.swapDelta(x, y) < 0) {
            part.swap(x, y);
          } else {
            continue;
          }
          hard.refresh(g);
          hard.refresh(b);
          improved = true;
          break;
        }
      }
    }
    if (!improved) tries = Math.min(tries * 2, 4 * part.n);
  }
  return hard.total();
}
