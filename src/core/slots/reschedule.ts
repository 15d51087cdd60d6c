import { distinctPlans, findSlotPlans } from './find.ts';
import type { SlotPlan, SlotRequest } from './types.ts';

/** The rule a pod's series follows now, so an option is a real change from it. */
export interface CurrentRule {
  zone: string;
  weekday: number;
  startMinute: number;
}

/**
 * Up to `n` weekly slots for the rest of a pod's commitment (a reschedule): `req.sessionCount` is
 * the sessions left, `req.notBefore` the earliest start (now). Best first (fewest clashes, then
 * the programme's preferences), each a different day or at least an hour from the others and from
 * the current rule. Occurrences are numbered from `fromIndex`, the first session that moves.
 */
export function rescheduleOptions(req: SlotRequest, fromIndex: number, current: CurrentRule | null, n = 3): SlotPlan[] {
  const picked = distinctPlans(findSlotPlans({ ...req, fromWeek: 0 }), n, current ? [current] : []);
  return picked.map((plan) => ({ ...plan, occurrences: plan.occurrences.map((o, k) => ({ ...o, index: fromIndex + k })) }));
}
