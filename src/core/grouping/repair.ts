import type { Budget } from './budget.ts';
import type { HardConstraints } from './constraints.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

/**
 * Min-conflicts repair towards feasibility, ignoring the benefit: take a random member of a
 * violating group, score `sample` random partners (swap, or move when sizes allow) by the change
 * in violations, and apply the best if it does not add violations (sideways steps let it walk
 * plateaus; a little noise escapes cycles). Stops when feasible, after `maxSteps`, or when half
 * the time budget is used. Returns the remaining violations.
 */
export function repair(
  part: Partition, hard: HardConstraints, rng: Rng, budget: Budget, maxSteps = 200 * part.n, sample = 24,
): number {
  if (!hard.active) return 0;
  const { m, n, groupOf, size, min, max } = part;
  const viol = new Float64Array(m);
  const bad: number[] = [];
  const where = new Int32Array(m).fill(-1);
  const mark = (g: number): void => {
    viol[g] = hard.groupViolations(g);
    if (viol[g]! > 0 && where[g] === -1) { where[g] = bad.length; bad.push(g); }
    if (viol[g] === 0 && where[g]! >= 0) {
      const at = where[g]!;
      const last = bad.pop()!;
      if (last !== g) { bad[at] = last; where[last] = at; }
      where[g] = -1;
    }
  };
  for (let g = 0; g < m; g++) mark(g);
  if (m < 2) return bad.length > 0 ? hard.total() : 0;
  for (let step = 0; step < maxSteps && bad.length > 0; step++) {
    // Unavoidable violations must not starve the optimisation: repair gets half the time.
    if ((step & 255) === 0 && (budget.exhausted() || budget.progress() >= 0.5)) break;
    const g = bad[rng.nextInt(bad.length)]!;
    const x = part.member(g, rng.nextInt(size[g]!));
    let bestY = -1;
    let bestMove = false;
    let bestD = Infinity;
    for (let t = 0; t < sample; t++) {
      const y = rng.nextInt(n);
      const b = groupOf[y]!;
      if (b === g) continue;
      const useMove = size[g]! > min[g]! && size[b]! < max[b]! && rng.nextInt(2) === 0;
      const d = useMove ? hard.moveDelta(x, b) : hard.swapDelta(x, y);
      if (d < bestD) { bestD = d; bestY = y; bestMove = useMove; }
    }
    if (bestY < 0) continue;
    const noise = rng.nextInt(50) === 0;
    if (bestD > 0 && !noise) continue;
    const b = groupOf[bestY]!;
    if (bestMove) part.move(x, b);
    else part.swap(x, bestY);
    hard.refresh(g);
    hard.refresh(b);
    mark(g);
    mark(b);
  }
  return bad.length > 0 ? hard.total() : 0;
}
