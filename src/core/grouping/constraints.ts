import type { GroupingProblem } from './problem.ts';
import type { Partition } from './partition.ts';

/** True when the bit string `bits` (slot s = bit s&31 of word s>>5) has a run of >= minRun ones. */
export function hasRun(bits: Uint32Array, minRun: number): boolean {
  if (minRun <= 0) return true;
  let carry = 0;
  for (let k = 0; k < bits.length; k++) {
    const w = bits[k]! | 0;
    if (w === 0) { carry = 0; continue; }
    if (w === -1) { carry += 32; if (carry >= minRun) return true; continue; }
    const inv = ~w;
    const low = 31 - Math.clz32(inv & -inv); // ones counted from bit 0 upwards
    if (carry + low >= minRun) return true;
    if (minRun <= 32) {
      // AND with shifted copies: a bit survives iff it starts a run of minRun ones in this word.
      let x = w >>> 0;
      let covered = 1;
      while (covered < minRun && x !== 0) {
        const step = Math.min(covered, minRun - covered);
        x &= x >>> step;
        covered += step;
      }
      if (x !== 0) return true;
    }
    carry = Math.clz32(inv); // ones at the top of the word continue into the next word
  }
  return false;
}

/**
 * Hard constraints (conflicts, common windows) evaluated incrementally against a Partition.
 * A group's violation count is its conflicting pairs plus one if its members share no window.
 */
export class HardConstraints {
  readonly active: boolean;
  private readonly conflicts: readonly (readonly number[])[] | undefined;
  private readonly bits: readonly Uint32Array[] | undefined;
  private readonly minRun: number;
  private readonly scratch: Uint32Array;
  /** 1 when group g currently has no common window. */
  readonly windowFail: Uint8Array;

  constructor(problem: GroupingProblem, private readonly part: Partition) {
    const hasConflicts = problem.conflicts?.some((c) => c.length > 0) ?? false;
    this.conflicts = hasConflicts ? problem.conflicts : undefined;
    this.bits = problem.windows?.bits;
    this.minRun = problem.windows?.minRun ?? 0;
    const words = this.bits?.reduce((w, b) => Math.max(w, b.length), 0) ?? 0;
    this.scratch = new Uint32Array(words);
    this.windowFail = new Uint8Array(part.m);
    this.active = hasConflicts || this.bits !== undefined;
  }

  get hasWindows(): boolean { return this.bits !== undefined; }
  get hasConflicts(): boolean { return this.conflicts !== undefined; }

  /** Conflicts of i with current members of g, ignoring element `skip`. */
  conflictsIn(i: number, g: number, skip = -1): number {
    const list = this.conflicts?.[i];
    if (!list) return 0;
    let c = 0;
    const groupOf = this.part.groupOf;
    for (let k = 0; k < list.length; k++) {
      const o = list[k]!;
      if (o !== skip && groupOf[o] === g) c++;
    }
    return c;
  }

  /** Whether group g, with `out` removed and `into` added (-1 for none), has a common window. */
  windowOk(g: number, out: number, into: number): boolean {
    const bits = this.bits;
    if (!bits) return true;
    const acc = this.scratch;
    acc.fill(0xffffffff);
    const p = this.part;
    const base = p.offset[g]!;
    const size = p.size[g]!;
    for (let k = 0; k < size; k++) {
      const e = p.slots[base + k]!;
      if (e !== out) andInto(acc, bits[e]);
    }
    if (into >= 0) andInto(acc, bits[into]);
    return hasRun(acc, this.minRun);
  }

  /** Change in violations if i moves to group b. */
  moveDelta(i: number, b: number): number {
    const a = this.part.groupOf[i]!;
    let d = this.conflictsIn(i, b) - this.conflictsIn(i, a);
    if (this.bits) {
      d += (this.windowOk(a, i, -1) ? 0 : 1) - this.windowFail[a]!;
      d += (this.windowOk(b, -1, i) ? 0 : 1) - this.windowFail[b]!;
    }
    return d;
  }

  /** Change in violations if i and j exchange groups. */
  swapDelta(i: number, j: number): number {
    const a = this.part.groupOf[i]!;
    const b = this.part.groupOf[j]!;
    let d = 0;
    if (this.conflicts) {
      d = this.conflictsIn(j, a, i) + this.conflictsIn(i, b, j) - this.conflictsIn(i, a) - this.conflictsIn(j, b);
    }
    if (this.bits) {
      d += (this.windowOk(a, i, j) ? 0 : 1) - this.windowFail[a]!;
      d += (this.windowOk(b, j, i) ? 0 : 1) - this.windowFail[b]!;
    }
    return d;
  }

  /** Refresh cached window state of group g after it changed. */
  refresh(g: number): void {
    if (this.bits) this.windowFail[g] = this.windowOk(g, -1, -1) ? 0 : 1;
  }

  refreshAll(): void {
    for (let g = 0; g < this.part.m; g++) this.refresh(g);
  }

  /** Violations of group g as it stands. */
  groupViolations(g: number): number {
    let twice = 0; // each conflicting pair is seen from both ends
    if (this.conflicts) {
      const p = this.part;
      for (let k = 0; k < p.size[g]!; k++) twice += this.conflictsIn(p.member(g, k), g);
    }
    return this.windowFail[g]! + twice / 2;
  }

  total(): number {
    let v = 0;
    for (let g = 0; g < this.part.m; g++) v += this.groupViolations(g);
    return v;
  }
}

function andInto(acc: Uint32Array, bits: Uint32Array | undefined): void {
  if (!bits) { acc.fill(0); return; }
  for (let w = 0; w < acc.length; w++) acc[w] = acc[w]! & (bits[w] ?? 0);
}
