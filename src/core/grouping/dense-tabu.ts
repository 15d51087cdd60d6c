import type { Budget } from './budget.ts';
import type { HardConstraints } from './constraints.ts';
import type { Partition } from './partition.ts';
import type { Rng } from './rng.ts';

const EPS = 1e-9;

/**
 * Tabu search for the dense regime (MDGP): an n x m gain matrix G[i][g] = sum of d(i, j) over
 * j in g makes every move and swap delta O(1), so each iteration scans the full move and swap
 * neighbourhoods and applies the best non-tabu one (aspiration when it beats the best of the run).
 * Tabu attribute: element i may not re-enter the group it just left for a random tenure.
 */
export class DenseTabu {
  readonly gain: Float64Array;
  private readonly tabu: Int32Array;
  private readonly n: number;
  private readonly m: number;
  private it = 1;
  f = 0;
  readonly runBest: Partition;
  private readonly bestIn: Float64Array;
  private readonly dMin: number;

  constructor(
    private readonly d: Float64Array,
    readonly part: Partition,
    private readonly hard: HardConstraints,
    private readonly rng: Rng,
    private readonly budget: Budget,
    private readonly tenure: { base: number; spread: number },
  ) {
    this.n = part.n;
    this.m = part.m;
    this.gain = new Float64Array(this.n * this.m);
    this.tabu = new Int32Array(this.n * this.m);
    this.runBest = part.clone();
    this.bestIn = new Float64Array(this.m * this.m);
    let dMin = Infinity;
    for (let k = 0; k < d.length; k++) if (k % (this.n + 1) !== 0 && d[k]! < dMin) dMin = d[k]!;
    this.dMin = Number.isFinite(dMin) ? dMin : 0;
  }

  /** Recompute gains and objective from the partition (O(n^2)). */
  rebuild(): void {
    const { n, m, d, gain, part } = this;
    gain.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const gi = part.groupOf[i]!;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const g = part.groupOf[j]!;
        const dij = d[row + j]!;
        gain[i * m + g] = gain[i * m + g]! + dij;
        if (j > i && g === gi) f += dij;
      }
    }
    this.f = f;
  }

  private shift(i: number, from: number, to: number): void {
    const { n, m, d, gain } = this;
    const row = i * n;
    for (let k = 0; k < n; k++) {
      const dk = d[row + k]!;
      const base = k * m;
      gain[base + from] = gain[base + from]! - dk;
      gain[base + to] = gain[base + to]! + dk;
    }
  }

  applyMove(i: number, to: number): void {
    const from = this.part.groupOf[i]!;
    this.f += this.gain[i * this.m + to]! - this.gain[i * this.m + from]!;
    this.shift(i, from, to);
    this.part.move(i, to);
    if (this.hard.hasWindows) { this.hard.refresh(from); this.hard.refresh(to); }
  }

  applySwap(i: number, j: number): void {
    const { m } = this;
    const a = this.part.groupOf[i]!;
    const b = this.part.groupOf[j]!;
    this.f += this.gain[i * m + b]! - this.gain[i * m + a]! + this.gain[j * m + a]! - this.gain[j * m + b]!
      - 2 * this.d[i * this.n + j]!;
    this.shift(i, a, b);
    this.shift(j, b, a);
    this.part.swap(i, j);
    if (this.hard.hasWindows) { this.hard.refresh(a); this.hard.refresh(b); }
  }

  /** Whether two groups are non-empty, so some swap exists. */
  private canSwap(): boolean {
    let nonEmpty = 0;
    for (let g = 0; g < this.m; g++) if (this.part.size[g]! > 0 && ++nonEmpty >= 2) return true;
    return false;
  }

  private tenureDraw(): number {
    return this.tenure.base + this.rng.nextInt(this.tenure.spread + 1);
  }

  /**
   * Tabu search from the current partition until `depth` iterations pass without improving
   * the run's best; leaves the run's best in `part` (gains rebuilt). Returns false when the
   * budget ran out.
   */
  run(depth: number): boolean {
    const { n, m, d, gain, tabu, part, hard, rng } = this;
    const { groupOf, size, min, max } = part;
    this.runBest.copyFrom(part);
    let bestF = this.f;
    let idle = 0;
    let alive = true;
    while (idle < depth) {
      if (this.budget.spend()) { alive = false; break; }
      const it = ++this.it;
      let bestDelta = -Infinity;
      let kind = 0; // 1 move, 2 swap
      let bi = -1;
      let bj = -1;
      let ties = 0;
      let open = false; // any structurally possible move or swap, tabu or not
      const aspire = bestF - this.f + EPS;
      for (let i = 0; i < n; i++) {
        const a = groupOf[i]!;
        if (size[a]! <= min[a]!) continue;
        const rowI = i * m;
        const gia = gain[rowI + a]!;
        for (let g = 0; g < m; g++) {
          if (g === a || size[g]! >= max[g]!) continue;
          const delta = gain[rowI + g]! - gia;
          open = true;
          if (delta < bestDelta - EPS) continue;
          if (tabu[rowI + g]! > it && delta <= aspire) continue;
          if (delta > bestDelta + EPS) ties = 1;
          else if (rng.nextInt(++ties) !== 0) continue;
          if (hard.active && hard.moveDelta(i, g) > 0) continue;
          bestDelta = delta; kind = 1; bi = i; bj = g;
        }
      }
      // Swaps, group pair by group pair. bestIn[b][a] = max over j in b of j's gain from moving
      // to a, so i's swaps into b are skipped when even the best partner cannot reach bestDelta.
      const bestIn = this.bestIn;
      bestIn.fill(-Infinity);
      for (let j = 0; j < n; j++) {
        const b = groupOf[j]!;
        const rowJ = j * m;
        const gjb = gain[rowJ + b]!;
        const base = b * m;
        for (let g = 0; g < m; g++) {
          const v = gain[rowJ + g]! - gjb;
          if (v > bestIn[base + g]!) bestIn[base + g] = v;
        }
      }
      const { slots, offset } = part;
      const slack = 2 * this.dMin - EPS;
      for (let a = 0; a < m - 1; a++) {
        const endA = offset[a]! + size[a]!;
        for (let x = offset[a]!; x < endA; x++) {
          const i = slots[x]!;
          const rowI = i * m;
          const gia = gain[rowI + a]!;
          const rowD = i * n;
          for (let b = a + 1; b < m; b++) {
            const mvI = gain[rowI + b]! - gia;
            if (mvI + bestIn[b * m + a]! - slack < bestDelta) continue;
            const tabuI = tabu[rowI + b]! > it;
            const endB = offset[b]! + size[b]!;
            for (let y = offset[b]!; y < endB; y++) {
              const j = slots[y]!;
              const rowJ = j * m;
              const delta = mvI + gain[rowJ + a]! - gain[rowJ + b]! - 2 * d[rowD + j]!;
              if (delta < bestDelta - EPS) continue;
              if ((tabuI || tabu[rowJ + a]! > it) && delta <= aspire) continue;
              if (delta > bestDelta + EPS) ties = 1;
              else if (rng.nextInt(++ties) !== 0) continue;
              if (hard.active && hard.swapDelta(i, j) > 0) continue;
              bestDelta = delta; kind = 2; bi = i; bj = j;
            }
          }
        }
      }
      if (kind === 0 && this.canSwap()) open = true;
      if (kind === 0) {
        if (!open) alive = false; // nothing can ever change: stop instead of idling to the deadline
        break;
      }
      if (kind === 1) {
        const from = groupOf[bi]!;
        this.applyMove(bi, bj);
        tabu[bi * m + from] = it + this.tenureDraw();
      } else {
        const a = groupOf[bi]!;
        const b = groupOf[bj]!;
        this.applySwap(bi, bj);
        tabu[bi * m + a] = it + this.tenureDraw();
        tabu[bj * m + b] = it + this.tenureDraw();
      }
      if (this.f > bestF + EPS) {
        bestF = this.f;
        this.runBest.copyFrom(part);
        idle = 0;
      } else {
        idle++;
      }
    }
    part.copyFrom(this.runBest);
    if (hard.hasWindows) hard.refreshAll();
    this.rebuild();
    return alive;
  }

  /** Random perturbation: `strength` random feasible swaps (or moves when sizes allow). */
  perturb(strength: number): void {
    const { part, rng, hard, n } = this;
    let done = 0;
    for (let tries = 0; done < strength && tries < strength * 20; tries++) {
      const i = rng.nextInt(n);
      const j = rng.nextInt(n);
      const a = part.groupOf[i]!;
      const b = part.groupOf[j]!;
      if (a === b) continue;
      if (rng.nextInt(2) === 0 && part.size[a]! > part.min[a]! && part.size[b]! < part.max[b]!) {
        if (hard.active && hard.moveDelta(i, b) > 0) continue;
        this.applyMove(i, b);
      } else {
        if (hard.active && hard.swapDelta(i, j) > 0) continue;
        this.applySwap(i, j);
      }
      done++;
    }
  }
}
