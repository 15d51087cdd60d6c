import type { GroupingProblem } from './problem.ts';

/**
 * A partition of 0..n-1 into m groups with O(1) move and swap. Members of group g live in
 * slots[offset[g] .. offset[g] + size[g]); pos[i] is i's index inside its group.
 */
export class Partition {
  readonly n: number;
  readonly m: number;
  readonly min: Int32Array;
  readonly max: Int32Array;
  readonly offset: Int32Array;
  readonly size: Int32Array;
  readonly slots: Int32Array;
  readonly groupOf: Int32Array;
  readonly pos: Int32Array;

  constructor(n: number, min: Int32Array, max: Int32Array) {
    this.n = n;
    this.m = min.length;
    this.min = min;
    this.max = max;
    this.offset = new Int32Array(this.m + 1);
    for (let g = 0; g < this.m; g++) this.offset[g + 1] = this.offset[g]! + this.max[g]!;
    this.size = new Int32Array(this.m);
    this.slots = new Int32Array(this.offset[this.m]!);
    this.groupOf = new Int32Array(this.n).fill(-1);
    this.pos = new Int32Array(this.n);
  }

  static forProblem(problem: GroupingProblem): Partition {
    return new Partition(
      problem.n,
      Int32Array.from(problem.groups, (g) => g.min),
      Int32Array.from(problem.groups, (g) => g.max),
    );
  }

  /** Place an unassigned element. */
  add(i: number, g: number): void {
    const k = this.size[g]!;
    this.slots[this.offset[g]! + k] = i;
    this.pos[i] = k;
    this.size[g] = k + 1;
    this.groupOf[i] = g;
  }

  remove(i: number): void {
    const g = this.groupOf[i]!;
    const last = this.size[g]! - 1;
    const k = this.pos[i]!;
    const moved = this.slots[this.offset[g]! + last]!;
    this.slots[this.offset[g]! + k] = moved;
    this.pos[moved] = k;
    this.size[g] = last;
    this.groupOf[i] = -1;
  }

  move(i: number, g: number): void {
    this.remove(i);
    this.add(i, g);
  }

  /** Exchange the groups of i and j (keeps sizes). */
  swap(i: number, j: number): void {
    const gi = this.groupOf[i]!;
    const gj = this.groupOf[j]!;
    const pi = this.pos[i]!;
    const pj = this.pos[j]!;
    this.slots[this.offset[gi]! + pi] = j;
    this.slots[this.offset[gj]! + pj] = i;
    this.pos[i] = pj;
    this.pos[j] = pi;
    this.groupOf[i] = gj;
    this.groupOf[j] = gi;
  }

  /** An independent copy (for snapshots of the best solution). */
  clone(): Partition {
    const copy = new Partition(this.n, this.min, this.max);
    copy.copyFrom(this);
    return copy;
  }

  member(g: number, k: number): number {
    return this.slots[this.offset[g]! + k]!;
  }

  copyFrom(other: Partition): void {
    this.size.set(other.size);
    this.slots.set(other.slots);
    this.groupOf.set(other.groupOf);
    this.pos.set(other.pos);
  }

  /** Rebuild from a group-of-element assignment. */
  assign(groupOf: Int32Array): void {
    this.size.fill(0);
    for (let i = 0; i < this.n; i++) this.add(i, groupOf[i]!);
  }

  toGroups(): number[][] {
    const out: number[][] = [];
    for (let g = 0; g < this.m; g++) {
      const members: number[] = [];
      for (let k = 0; k < this.size[g]!; k++) members.push(this.member(g, k));
      members.sort((a, b) => a - b);
      out.push(members);
    }
    return out;
  }
}
