import { andInto, hasRun, WORDS_PER_WEEK } from './availability.ts';
import type { PoolModel } from './model.ts';
import { marginalBenefit } from './objective.ts';

/**
 * A constraint-respecting greedy pod builder. It is the "greedy builder" baseline of the benchmark,
 * and the matcher's repair tool (rebuild pods the engine could not make feasible, backfill, rematch).
 * Candidates are bucketed by availability class, so only people who can share the pod's window are
 * scanned, and at most `scanPerClass` of each class per step (bounded work for 10,000 people).
 */
export interface PodDraft { members: number[]; window: Uint32Array }

export function newDraft(model: PoolModel, first: number): PodDraft {
  return { members: [first], window: Uint32Array.from(model.bits[first]!) };
}

/** Would `i` keep every hard constraint if added to the pod? */
export function canJoin(model: PoolModel, pod: PodDraft, i: number, scratch = new Uint32Array(WORDS_PER_WEEK)): boolean {
  const n = model.people.length;
  for (const m of pod.members) {
    if (model.conflictSet.has(m < i ? m * n + i : i * n + m)) return false;
  }
  for (let w = 0; w < WORDS_PER_WEEK; w++) scratch[w] = pod.window[w]! & model.bits[i]![w]!;
  return hasRun(scratch, model.minRun);
}

export function join(model: PoolModel, pod: PodDraft, i: number): void {
  pod.members.push(i);
  andInto(pod.window, model.bits[i]!);
}

/** The unplaced people, bucketed by availability class, with O(1) removal. */
export class Waiting {
  private readonly byClass = new Map<number, number[]>();
  private readonly where = new Map<number, number>();
  constructor(private readonly model: PoolModel, people: readonly number[]) {
    for (const i of people) this.add(i);
  }
  add(i: number): void {
    const c = this.model.zoneClass[i]!;
    let list = this.byClass.get(c);
    if (list === undefined) { list = []; this.byClass.set(c, list); }
    this.where.set(i, list.length);
    list.push(i);
  }
  remove(i: number): void {
    const list = this.byClass.get(this.model.zoneClass[i]!)!;
    const k = this.where.get(i)!;
    const last = list.pop()!;
    if (last !== i) { list[k] = last; this.where.set(last, k); }
    this.where.delete(i);
  }
  has(i: number): boolean { return this.where.has(i); }
  get size(): number { return this.where.size; }
  classes(): IterableIterator<[number, number[]]> { return this.byClass.entries(); }
}

/** The best candidate among the waiting who can join `pod`, or -1. */
export function bestCandidate(model: PoolModel, pod: PodDraft, waiting: Waiting, scanPerClass: number, offset: number): number {
  const scratch = new Uint32Array(WORDS_PER_WEEK);
  let best = -1, bestGain = -Infinity;
  for (const [cls, list] of waiting.classes()) {
    if (list.length === 0) continue;
    const probe = list[0]!;
    for (let w = 0; w < WORDS_PER_WEEK; w++) scratch[w] = pod.window[w]! & model.bits[probe]![w]!;
    if (!hasRun(scratch, model.minRun)) continue; // the whole class is out (same bits per class)
    void cls;
    const count = Math.min(scanPerClass, list.length);
    for (let t = 0; t < count; t++) {
      const i = list[(offset + t) % list.length]!;
      if (!canJoin(model, pod, i, scratch)) continue;
      const gain = marginalBenefit(model, pod.members, i);
      if (gain > bestGain) { bestGain = gain; best = i; }
    }
  }
  return best;
}

/**
 * Build pods of the given target sizes from `order` (hardest to place first: each pod is seeded by
 * the hardest person still waiting). A pod that cannot reach `minOf(target)` releases its members
 * and its seed is set aside. Returns the pods and who is left.
 */
export function greedyPods(
  model: PoolModel, order: readonly number[], targets: readonly number[],
  minOf: (target: number) => number, scanPerClass = 64,
): { pods: number[][]; leftover: number[] } {
  const waiting = new Waiting(model, order);
  const pods: number[][] = [];
  const setAside: number[] = [];
  let cursor = 0;
  let step = 0;
  for (const target of targets) {
    for (;;) {
      while (cursor < order.length && !waiting.has(order[cursor]!)) cursor++;
      if (cursor >= order.length) break;
      const seed = order[cursor]!;
      waiting.remove(seed);
      const pod = newDraft(model, seed);
      while (pod.members.length < target) {
        const c = bestCandidate(model, pod, waiting, scanPerClass, step++ * 7919);
        if (c < 0) break;
        waiting.remove(c);
        join(model, pod, c);
      }
      if (pod.members.length >= minOf(target)) { pods.push(pod.members); break; }
      setAside.push(seed);
      for (const m of pod.members.slice(1)) waiting.add(m);
    }
  }
  const leftover = order.filter((i) => waiting.has(i)).concat(setAside);
  return { pods, leftover };
}

/** Put each person into the pod that may grow (`canGrowTo(newSize)`) where they add the most, keeping constraints. */
export function insertIntoPods(model: PoolModel, pods: number[][], people: readonly number[], canGrowTo: (size: number) => boolean): number[] {
  const drafts = pods.map((members) => {
    const d = newDraft(model, members[0]!);
    for (const m of members.slice(1)) join(model, d, m);
    return d;
  });
  const scratch = new Uint32Array(WORDS_PER_WEEK);
  const left: number[] = [];
  for (const i of people) {
    let best = -1, bestGain = -Infinity;
    drafts.forEach((d, k) => {
      if (!canGrowTo(d.members.length + 1) || !canJoin(model, d, i, scratch)) return;
      const gain = marginalBenefit(model, d.members, i);
      if (gain > bestGain) { bestGain = gain; best = k; }
    });
    if (best < 0) { left.push(i); continue; }
    join(model, drafts[best]!, i);
    pods[best]!.push(i);
  }
  return left;
}

/** Sizes a programme accepts: min..max, plus the sizes it explicitly allows. */
export function sizeAllowed(size: number, s: Pick<PoolModel['settings'], 'minSize' | 'maxSize' | 'allowSizes'>): boolean {
  return (size >= s.minSize && size <= s.maxSize) || s.allowSizes.includes(size);
}

/** Target sizes for `regular` pods holding `people` (min..max each, as even as possible) plus exceptions. */
export function targetSizes(people: number, regular: number, exceptions: readonly number[], min: number): number[] {
  const rest = people - exceptions.reduce((a, b) => a + b, 0);
  const sizes = Array.from({ length: regular }, () => min);
  let extra = rest - regular * min;
  for (let k = 0; extra > 0; k = (k + 1) % Math.max(1, regular), extra--) sizes[k]!++;
  return [...exceptions, ...sizes];
}
