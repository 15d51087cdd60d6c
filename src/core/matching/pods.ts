import { andInto, bestRun, hasRun, localLabel, sessionStartMs, SLOT_MINUTES, slotToUtcMinuteOfWeek } from './availability.ts';
import { greedyPods, insertIntoPods, sizeAllowed, targetSizes } from './greedy.ts';
import { pairKey, type PoolModel } from './model.ts';
import { podBreakdown, podScore, round2 } from './objective.ts';
import { planPodSizes } from './sizing.ts';
import type { MatchedPod, PodWindow } from './types.ts';

/** Every hard constraint of one pod except size: no conflicting pair, a common session-long window. */
export function podIsFeasible(model: PoolModel, members: readonly number[]): boolean {
  const n = model.people.length;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) if (model.conflictSet.has(pairKey(n, members[x]!, members[y]!))) return false;
  }
  return hasRun(commonWindow(model, members), model.minRun);
}

export function commonWindow(model: PoolModel, members: readonly number[]): Uint32Array {
  const acc = Uint32Array.from(model.bits[members[0]!]!);
  for (const m of members.slice(1)) andInto(acc, model.bits[m]!);
  return acc;
}

/**
 * Re-home people whose pod broke a hard constraint: first into feasible pods with room (a pod of an
 * allowed 3 may grow to a regular 4), then into new pods built greedily among themselves, then by
 * one ejection (they replace someone who moves to a pod with room).
 * Whoever is still left cannot be placed. Mutates and returns `pods`.
 */
export function repairPods(model: PoolModel, pods: number[][], loose: readonly number[], order: readonly number[]): { pods: number[][]; unplaced: number[] } {
  if (loose.length === 0) return { pods, unplaced: [] };
  const s = model.settings;
  // A pod may grow to any size the programme accepts (an allowed 3 may become a regular 4).
  const roomy = (size: number): boolean => sizeAllowed(size, s) && size <= Math.max(s.maxSize, ...s.allowSizes);
  const left = insertIntoPods(model, pods, order.filter((i) => loose.includes(i)), roomy);
  if (left.length === 0) return { pods, unplaced: [] };
  const plan = planPodSizes(left.length, s);
  const targets = targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, s.minSize);
  const built = greedyPods(model, left, targets, (t) => Math.min(t, s.minSize));
  pods.push(...built.pods);
  const still = insertIntoPods(model, pods, built.leftover, roomy);
  return { pods, unplaced: ejectionInsert(model, pods, still, roomy) };
}

/** Above this many (person × pod) pairs the ejection step is skipped: it is for small remainders. */
const EJECTION_WORK_CAP = 100_000;

/**
 * Seat each person by one ejection: they take the place of a member z of some pod, and z moves to
 * another pod with room. (E.g. a New Yorker left over next to full Europe+India pods can replace a
 * Londoner in one, who moves to a London pod of 4.) Pods are changed in place. Returns who is left.
 */
function ejectionInsert(model: PoolModel, pods: number[][], people: readonly number[], canGrowTo: (size: number) => boolean): number[] {
  if (people.length === 0 || people.length * pods.length > EJECTION_WORK_CAP) return [...people];
  const left: number[] = [];
  for (const y of people) {
    let seated = false;
    search: for (const P of pods) {
      for (let k = 0; k < P.length; k++) {
        const z = P[k]!;
        const swapped = P.map((i) => (i === z ? y : i));
        if (!podIsFeasible(model, swapped)) continue;
        for (const Q of pods) {
          if (Q === P || !canGrowTo(Q.length + 1) || !podIsFeasible(model, [...Q, z])) continue;
          P[k] = y;
          Q.push(z);
          seated = true;
          break search;
        }
      }
    }
    if (!seated) left.push(y);
  }
  return left;
}

function windowOf(model: PoolModel, members: readonly number[]): PodWindow {
  const run = bestRun(commonWindow(model, members), model.minRun);
  const slot = run?.start ?? 0;
  const minute = slotToUtcMinuteOfWeek(slot);
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(minute / 1440)]!;
  const hm = `${String(Math.floor((minute % 1440) / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const localStartByMember: Record<string, string> = {};
  for (const m of members) {
    const p = model.people[m]!;
    localStartByMember[p.id] = `${localLabel(model.settings, slot, p.timezone)} (${p.timezone})`;
  }
  return {
    utcStartMinuteOfWeek: minute,
    utcLabel: `${day} ${hm} UTC`,
    firstSessionUtc: new Date(sessionStartMs(model.settings, slot, 0)).toISOString(),
    localStartByMember,
    spanMinutes: (run?.length ?? 0) * SLOT_MINUTES,
  };
}

/** Plain-data pods for the result: ids, score, breakdown, window, relaxations. */
export function describePods(model: PoolModel, pods: readonly number[][], relaxations: (pod: number[]) => string[]): MatchedPod[] {
  return pods.map((g) => ({
    members: g.map((i) => model.people[i]!.id),
    score: round2(podScore(model, g)),
    breakdown: podBreakdown(model, g),
    window: windowOf(model, g),
    relaxations: relaxations(g),
  }));
}
