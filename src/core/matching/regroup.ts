import { buildModel, pairKey } from './model.ts';
import { describePods, podIsFeasible } from './pods.ts';
import type { OrgContext } from './backfill.ts';
import type { MatchedPod, MatchPerson, MatchSettings } from './types.ts';

export interface RegroupedPod {
  /** Null when the pod breaks a hard constraint (why says which). */
  pod: MatchedPod | null;
  why?: string;
}

/**
 * Pods a lead rearranged by hand (a swap, someone moved out, two pods merged), described as the
 * matcher would describe them: score, breakdown (repeat pairs, zones), common window. A pod with a
 * manager and their report, an excluded pair or no common session-long slot is refused, so a lead's
 * edit can never launch a pod the matcher would not have formed. Size bounds are the caller's.
 */
export function regroup(pods: readonly (readonly MatchPerson[])[], settings: MatchSettings, ctx: OrgContext, now: Date): RegroupedPod[] {
  const seen = new Map<string, MatchPerson>();
  for (const p of pods.flat()) seen.set(p.id, p);
  const { model } = buildModel({ people: [...seen.values()], ...ctx }, settings, now);
  return pods.map((members) => {
    const idx = members.map((m) => model.indexOf.get(m.id)!);
    if (idx.length === 0) return { pod: null, why: 'it would have nobody left' };
    if (!podIsFeasible(model, idx)) {
      const n = model.people.length;
      const conflicted = idx.some((i, x) => idx.slice(x + 1).some((j) => model.conflictSet.has(pairKey(n, i, j))));
      return { pod: null, why: conflicted ? 'it would hold a manager and their report, or a pair kept apart' : `its members would share no ${settings.sessionMinutes}-minute slot inside everyone's working hours` };
    }
    return { pod: describePods(model, [idx], () => [])[0]! };
  });
}
