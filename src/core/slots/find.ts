import { busyMembers, insideEveryonesHours } from './fit.ts';
import type { Occurrence, SlotMember, SlotPlan, SlotRequest } from './types.ts';
import { DAY_MS, HOUR_MS, dayNumber, isKnownZone, localOf, utcOf, weekdayOf } from './zone-time.ts';

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Every weekly slot the pod can keep for the whole commitment, best first.
 *
 * Candidates are the start instants (every `stepMinutes`) of the first week that lie inside every
 * member's working hours in their own zone. Each is tried as a series recurring in each member's
 * zone and in UTC: the local wall time stays fixed in that zone, so the UTC instant moves when
 * that zone changes its clocks, and every week's occurrence is checked against everyone's hours
 * again (zones change DST in different weeks). Where an occurrence falls outside someone's hours
 * under every zone's rule, it is moved to the nearest instant that fits (a per-occurrence
 * exception); a candidate with a week that nothing fits is dropped.
 *
 * Order: fewest free/busy clashes, then fewest moved occurrences, then the programme's preferred
 * days/times, then fewest members whose local time drifts, then the earliest in the week.
 */
export function findSlotPlans(req: SlotRequest, limit = Infinity): SlotPlan[] {
  const members = req.members.map((m) => (isKnownZone(m.zone) ? m : { ...m, zone: 'UTC' }));
  const step = (req.stepMinutes ?? 15) * MINUTE_MS;
  const session = req.sessionMinutes * MINUTE_MS;
  const fromWeek = req.fromWeek ?? 0;
  const monday = dayNumber(req.firstWeek) + fromWeek * req.cadenceWeeks * 7;
  // One week of start instants, from Sunday 12:00 UTC: Monday morning east of UTC and Friday
  // evening west of it both fall inside, so a Monday–Friday slot is enumerated exactly once.
  const spanStart = Math.ceil((monday * DAY_MS - 12 * HOUR_MS) / step) * step;
  const zones = recurrenceZones(members);
  const plans: SlotPlan[] = [];
  for (let t = spanStart; t < spanStart + WEEK_MS; t += step) {
    if (!insideEveryonesHours(members, req.hours, t, t + session)) continue;
    let best: SlotPlan | null = null;
    for (const zone of zones) {
      const plan = planFor(req, members, zone, t, step, session);
      if (plan && (!best || compareWithinSlot(plan, best) < 0)) best = plan;
    }
    if (best) plans.push(best);
  }
  plans.sort(comparePlans);
  return plans.slice(0, limit);
}

/** The best slot, or null when the members share no session-long window in some week. */
export function findSlot(req: SlotRequest): SlotPlan | null {
  return findSlotPlans(req, 1)[0] ?? null;
}

/** Member zones, most members first, then UTC: the series' zone keeps the most people's local time fixed. */
function recurrenceZones(members: readonly SlotMember[]): string[] {
  const count = new Map<string, number>();
  for (const m of members) count.set(m.zone, (count.get(m.zone) ?? 0) + 1);
  const zones = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a.localeCompare(b));
  if (!count.has('UTC')) zones.push('UTC');
  return zones;
}

function planFor(req: SlotRequest, members: readonly SlotMember[], zone: string, t: number, step: number, session: number): SlotPlan | null {
  const local = localOf(zone, t);
  const cadenceDays = 7 * req.cadenceWeeks;
  let firstDay = local.day;
  // A first date before notBefore (the deadline, or now) starts the series one cadence later.
  for (let shift = 0; req.notBefore !== undefined && utcOf(zone, firstDay, local.minute) < req.notBefore; shift++) {
    if (shift >= 2) return null;
    firstDay += cadenceDays;
  }
  const occurrences: Occurrence[] = [];
  const fromWeek = req.fromWeek ?? 0;
  for (let k = 0; k < req.sessionCount; k++) {
    const nominal = utcOf(zone, firstDay + k * cadenceDays, local.minute);
    const start = insideEveryonesHours(members, req.hours, nominal, nominal + session) ? nominal : nearestFit(req, members, nominal, step, session);
    if (start === null) return null;
    occurrences.push({ index: fromWeek + k, start, end: start + session, nominalStart: nominal, moved: start !== nominal, busy: busyMembers(members, start, start + session) });
  }
  return {
    zone, weekday: weekdayOf(local.day), startMinute: local.minute, sessionMinutes: req.sessionMinutes, cadenceWeeks: req.cadenceWeeks,
    occurrences,
    conflicts: occurrences.reduce((n, o) => n + o.busy.length, 0),
    exceptions: occurrences.filter((o) => o.moved).length,
    preferencePenalty: preferencePenalty(req, members, occurrences[0]!.start),
    driftingMembers: members.filter((m) => new Set(occurrences.map((o) => localOf(m.zone, o.start).minute)).size > 1).length,
    unreadable: members.filter((m) => m.unreadable).map((m) => m.id),
  };
}

/** The fitting start nearest to `nominal` within 12 hours either way (earlier wins a tie), or null. */
function nearestFit(req: SlotRequest, members: readonly SlotMember[], nominal: number, step: number, session: number): number | null {
  for (let j = 1; j * step <= 12 * HOUR_MS; j++) {
    for (const start of [nominal - j * step, nominal + j * step]) {
      if (req.notBefore !== undefined && start < req.notBefore) continue;
      if (insideEveryonesHours(members, req.hours, start, start + session)) return start;
    }
  }
  return null;
}

function preferencePenalty(req: SlotRequest, members: readonly SlotMember[], start: number): number {
  const pref = req.preferred;
  if (!pref) return 0;
  let penalty = 0;
  for (const m of members) {
    const local = localOf(m.zone, start);
    if (pref.days?.length && !pref.days.includes(weekdayOf(local.day))) penalty++;
    if (pref.startMinute !== undefined && local.minute < pref.startMinute) penalty++;
    if (pref.endMinute !== undefined && local.minute + req.sessionMinutes > pref.endMinute) penalty++;
  }
  return penalty;
}

/** Between the zones of one candidate start: fewest clashes, fewest exceptions, least drift. */
function compareWithinSlot(a: SlotPlan, b: SlotPlan): number {
  return a.conflicts - b.conflicts || a.exceptions - b.exceptions || a.driftingMembers - b.driftingMembers;
}

function comparePlans(a: SlotPlan, b: SlotPlan): number {
  return a.conflicts - b.conflicts || a.exceptions - b.exceptions || a.preferencePenalty - b.preferencePenalty
    || a.driftingMembers - b.driftingMembers || a.occurrences[0]!.start - b.occurrences[0]!.start;
}

/**
 * Up to `n` plans that are real alternatives to each other (and to `avoid`): a different local day
 * in the series' zone, or at least an hour apart. For the reschedule buttons.
 */
export function distinctPlans(plans: readonly SlotPlan[], n: number, avoid: readonly { weekday: number; startMinute: number; zone: string }[] = []): SlotPlan[] {
  const picked: SlotPlan[] = [];
  const taken = [...avoid];
  for (const plan of plans) {
    if (picked.length >= n) break;
    const local = localOf(plan.zone, plan.occurrences[0]!.start);
    const clash = taken.some((o) => {
      const other = { weekday: o.weekday, minute: o.startMinute };
      const mine = o.zone === plan.zone ? { weekday: weekdayOf(local.day), minute: local.minute } : localInZone(plan, o.zone);
      return mine.weekday === other.weekday && Math.abs(mine.minute - other.minute) < 60;
    });
    if (clash) continue;
    picked.push(plan);
    taken.push({ weekday: weekdayOf(local.day), startMinute: local.minute, zone: plan.zone });
  }
  return picked;
}

function localInZone(plan: SlotPlan, zone: string): { weekday: number; minute: number } {
  const local = localOf(zone, plan.occurrences[0]!.start);
  return { weekday: weekdayOf(local.day), minute: local.minute };
}
