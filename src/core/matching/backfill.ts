import { canJoin, greedyPods, insertIntoPods, join, newDraft, sizeAllowed, targetSizes } from './greedy.ts';
import { buildModel, type PoolModel } from './model.ts';
import { marginalBenefit, round2 } from './objective.ts';
import { describePods } from './pods.ts';
import { hardestFirst, poolShape } from './pool.ts';
import { planPodSizes } from './sizing.ts';
import type { ExcludedPair, MatchedPod, MatchPerson, MatchSettings, PastMeeting, UnplacedPerson } from './types.ts';

/**
 * Helpers for a running wave (issue 5): replace a decliner, and re-home the accepted members of a
 * pod that fell below the minimum. Plain data in and out; every hard constraint of matchPeople holds.
 */
/** Pass the whole organisation's manager links in `managerOf`: the pod and candidates alone may not hold the chain. */
export interface OrgContext {
  history?: readonly PastMeeting[];
  exclusions?: readonly ExcludedPair[];
  managerOf?: Readonly<Record<string, string>>;
}

export type BackfillResult =
  | { personId: string; gain: number; pod: MatchedPod }
  | { personId: null; reason: string };

function modelFor(people: readonly MatchPerson[], settings: MatchSettings, ctx: OrgContext, now: Date): PoolModel {
  const seen = new Map<string, MatchPerson>();
  for (const p of people) if (!seen.has(p.id)) seen.set(p.id, p);
  return buildModel({ people: [...seen.values()], ...ctx }, settings, now).model;
}

/** The candidate who adds the most to `pod` while keeping every hard constraint, or why there is none. */
export function findBackfill(pod: readonly MatchPerson[], candidates: readonly MatchPerson[], settings: MatchSettings, ctx: OrgContext, now: Date): BackfillResult {
  if (pod.length === 0) return { personId: null, reason: 'the pod has no members left to backfill around: rematch its people instead' };
  if (pod.length >= settings.maxSize) return { personId: null, reason: `the pod already has ${pod.length} members (maximum ${settings.maxSize})` };
  const model = modelFor([...pod, ...candidates], settings, ctx, now);
  const members = pod.map((p) => model.indexOf.get(p.id)!);
  const draft = newDraft(model, members[0]!);
  for (const m of members.slice(1)) join(model, draft, m);
  const inPod = new Set(members);
  let best = -1, bestGain = -Infinity, conflicted = 0, noWindow = 0;
  for (const c of candidates) {
    const i = model.indexOf.get(c.id)!;
    if (inPod.has(i)) continue;
    if (!canJoin(model, draft, i)) {
      if (model.conflicts[i]!.some((j) => inPod.has(j))) conflicted++; else noWindow++;
      continue;
    }
    const gain = marginalBenefit(model, members, i);
    if (gain > bestGain || (gain === bestGain && model.people[i]!.id < model.people[best]!.id)) { bestGain = gain; best = i; }
  }
  if (best < 0) {
    const total = candidates.filter((c) => !inPod.has(model.indexOf.get(c.id)!)).length;
    return { personId: null, reason: total === 0 ? 'no candidates: the wave has no unplaced or spare people'
      : `none of ${total} candidates fits: ${noWindow} share no ${settings.sessionMinutes}-minute slot with the pod, ${conflicted} are a manager, report or excluded pair of a member` };
  }
  const [described] = describePods(model, [[...members, best]], () => []);
  return { personId: model.people[best]!.id, gain: round2(bestGain), pod: described! };
}

export interface RematchResult {
  /**
   * The existing pods, with anyone added (`added` lists who). A pod that grew is described again
   * (`pod`: its common window, score and breakdown now), so callers can store the new slot.
   */
  pods: { members: string[]; added: string[]; pod?: MatchedPod }[];
  /** Pods formed among the orphans when existing pods had no room that fits. */
  newPods: MatchedPod[];
  unplaced: UnplacedPerson[];
}

/**
 * Re-home `orphans` (accepted members of a pod below minimum): into existing pods with room (up to
 * maxSize) where they add the most, else into new pods among themselves; anyone left is explained.
 */
export function rematch(pods: readonly (readonly MatchPerson[])[], orphans: readonly MatchPerson[], settings: MatchSettings, ctx: OrgContext, now: Date): RematchResult {
  const model = modelFor([...pods.flat(), ...orphans], settings, ctx, now);
  const current = pods.map((p) => p.map((m) => model.indexOf.get(m.id)!));
  const before = current.map((p) => p.length);
  const loose = orphans.map((o) => model.indexOf.get(o.id)!);
  const order = hardestFirst(model, loose, poolShape(model, loose), settings.seed);
  const left = insertIntoPods(model, current, order, (size) => size <= settings.maxSize && sizeAllowed(size, settings));
  const plan = planPodSizes(left.length, settings);
  const built = greedyPods(model, left, targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, settings.minSize), (t) => Math.min(t, settings.minSize));
  const newPods = built.pods;
  const still = insertIntoPods(model, current, built.leftover, (size) => size <= settings.maxSize && sizeAllowed(size, settings));
  const id = (i: number): string => model.people[i]!.id;
  return {
    pods: current.map((p, k) => {
      const added = p.slice(before[k]).map(id);
      return { members: p.map(id), added, ...(added.length ? { pod: describePods(model, [p], () => [])[0]! } : {}) };
    }),
    newPods: describePods(model, newPods, () => []),
    unplaced: still.map((i) => ({
      personId: id(i), reason: 'no-compatible-group',
      detail: `no pod with room shares a ${settings.sessionMinutes}-minute slot with them without a manager, report or excluded pair, and too few others are left to form a new pod`,
      suggestion: 'offer them the next wave, or let a pod grow beyond the maximum for this round',
    })),
  };
}
