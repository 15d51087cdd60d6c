import { gainTo } from './benefit.ts';
import type { Budget } from './budget.ts';
import type { HardConstraints } from './constraints.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

type Benefit = (i: number, j: number) => number;

const STEPS_PER_ELEMENT = 4000;

/**
 * Simulated annealing for the large-n regime (function benefit, thousands of small groups):
 * random swaps and moves with O(group size) deltas, a geometric cooling schedule over the
 * budget, and hard constraints checked only for moves the annealer would accept (a move may
 * never add violations; one that removes some is always taken). Leaves the best seen in `part`.
 */
export function annealSampled(
  part: Partition, w: Benefit, hard: HardConstraints, rng: Rng, budget: Budget, f0: number,
): number {
  const { n, m, groupOf, size, min, max } = part;
  if (m < 2 || n < 2) return f0;
  const viol = new Float64Array(m);
  let v = 0;
  for (let g = 0; g < m; g++) v += viol[g] = hard.active ? hard.groupViolations(g) : 0;
  const slack = sumOf(min) < n && sumOf(max) > n;

  // Temperature from the spread of random swap deltas.
  let spread = 0;
  let samples = 0;
  for (let t = 0; t < 200; t++) {
    const i = rng.nextInt(n);
    const j = rng.nextInt(n);
    if (groupOf[i] === groupOf[j]) continue;
    spread += Math.abs(swapDelta(part, w, i, j));
    samples++;
  }
  const t0 = samples > 0 && spread > 0 ? (0.3 * spread) / samples : 1;
  const tEnd = t0 * 1e-3;
  let temp = t0;

  let f = f0;
  let bestF = f0;
  let bestV = v;
  const best = part.clone();
  const checkEvery = 1024;
  // Small problems converge long before a generous deadline: cap the schedule at STEPS_PER_ELEMENT
  // steps per element so they return early (10,000 people never reach the cap within 3 s).
  const stepCap = STEPS_PER_ELEMENT * n;
  for (let step = 0; ; step++) {
    if ((step & (checkEvery - 1)) === 0) {
      if (step > 0 && (budget.spend(checkEvery) || step >= stepCap)) break;
      temp = t0 * Math.pow(tEnd / t0, Math.max(budget.progress(), step / stepCap));
      if (v < bestV || (v === bestV && f > bestF)) { bestF = f; bestV = v; best.copyFrom(part); }
    }
    const i = rng.nextInt(n);
    const a = groupOf[i]!;
    let j = -1;
    let b: number;
    let delta: number;
    if (slack && size[a]! > min[a]! && rng.nextInt(4) === 0) {
      b = rng.nextInt(m);
      if (b === a || size[b]! >= max[b]!) continue;
      delta = gainTo(part, w, i, b) - gainTo(part, w, i, a);
    } else {
      j = rng.nextInt(n);
      b = groupOf[j]!;
      if (b === a) continue;
      delta = swapDelta(part, w, i, j);
    }
    const dirty = viol[a]! + viol[b]! > 0;
    const accept = delta >= 0 || rng.nextFloat() < Math.exp(delta / temp);
    if (!accept && !dirty) continue;
    if (hard.active) {
      const dv = j < 0 ? hard.moveDelta(i, b) : hard.swapDelta(i, j);
      if (dv > 0 || (dv === 0 && !accept)) continue;
    }
    if (j < 0) part.move(i, b);
    else part.swap(i, j);
    f += delta;
    if (hard.active) {
      hard.refresh(a);
      hard.refresh(b);
      v -= viol[a]! + viol[b]!;
      viol[a] = hard.groupViolations(a);
      viol[b] = hard.groupViolations(b);
      v += viol[a]! + viol[b]!;
    }
  }
  if (v < bestV || (v === bestV && f >= bestF)) return f;
  part.copyFrom(best);
  if (hard.active) hard.refreshAll();
  return bestF;
}

function swapDelta(part: Partition, w: Benefit, i: number, j: number): number {
  const a = part.groupOf[i]!;
  const b = part.groupOf[j]!;
  return gainTo(part, w, i, b, j) - gainTo(part, w, i, a) + gainTo(part, w, j, a, i) - gainTo(part, w, j, b);
}

function sumOf(xs: Int32Array): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k]!;
  return s;
}
