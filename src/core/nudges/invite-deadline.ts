import { decideNudge, type Booked } from './policy.ts';
import { firstWholeWorkingDayEnd, nextInsideWindow, type NudgeWindow } from './window.ts';

/** One invitee: their zone, and the counted nudges already booked for them (sent or planned). */
export interface Invitee {
  zone: string;
  booked?: readonly Date[];
}

/**
 * When the respect policy will let an invite reach this person if sent at `now`: their next
 * allowed moment, pushed to a later local week while that week already holds `weeklyCap` counted
 * nudges for them, exactly as decideNudge will decide it at send time.
 */
export function predictedArrival(invitee: Invitee, now: Date, window: NudgeWindow, weeklyCap: number): Date {
  const booked: Booked = new Map([['invitee', invitee.booked ?? []]]);
  const decision = decideNudge(
    [{ personId: 'invitee', zone: invitee.zone, status: 'active', days: window.days }],
    { kind: 'invite', plannedAt: now, staleAt: null, counts: true, now },
    { weeklyCap, window },
    booked,
  );
  return decision.outcome === 'send' ? decision.at : nextInsideWindow(now, invitee.zone, window) ?? now;
}

/**
 * The invite deadline a wave launched at `now` needs: the lead's, or later when an invite would
 * reach someone too late to leave them a whole working day to answer. Invites go through the
 * respect policy, so an invitee asleep or on their weekend at launch gets theirs at their next
 * 08:00, and one whose week is already full (the weekly cap) in the next local week that has
 * room; the deadline then moves to the close of that working day (19:00 in their zone) at the
 * latest invitee's, never earlier than the lead's pick and never into the start week (`latest`).
 * An invite that still could not arrive in time is sent with the deadline as its stale time, so
 * the policy drops it (reason recorded) rather than deliver an invitation nobody can answer.
 * Pure. A bare zone is an invitee with nothing booked.
 */
export function answerableDeadline(
  leadDeadline: Date, invitees: readonly (string | Invitee)[], now: Date, window: NudgeWindow, latest: Date, weeklyCap = Number.POSITIVE_INFINITY,
): Date {
  let needed = leadDeadline.getTime();
  for (const invitee of invitees) {
    const who = typeof invitee === 'string' ? { zone: invitee } : invitee;
    const arrival = predictedArrival(who, now, window, weeklyCap);
    needed = Math.max(needed, firstWholeWorkingDayEnd(arrival, who.zone, window).getTime());
  }
  return new Date(Math.max(leadDeadline.getTime(), Math.min(needed, latest.getTime())));
}
