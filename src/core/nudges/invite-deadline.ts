import { firstWholeWorkingDayEnd, nextInsideWindow, type NudgeWindow } from './window.ts';

/**
 * The invite deadline a wave launched at `now` needs: the lead's, or later when an invite would
 * reach someone too late to leave them a whole working day to answer. Invites go through the
 * respect policy, so an invitee asleep or on their weekend at launch gets theirs at their next
 * 08:00; the deadline then moves to the close of that working day (19:00 in their zone) at the
 * latest invitee's, never earlier than the lead's pick and never into the start week (`latest`).
 * Pure: it predicts arrival from each zone's window, not from the weekly cap.
 */
export function answerableDeadline(leadDeadline: Date, zones: readonly string[], now: Date, window: NudgeWindow, latest: Date): Date {
  let needed = leadDeadline.getTime();
  for (const zone of new Set(zones)) {
    const arrival = nextInsideWindow(now, zone, window) ?? now;
    needed = Math.max(needed, firstWholeWorkingDayEnd(arrival, zone, window).getTime());
  }
  return new Date(Math.max(leadDeadline.getTime(), Math.min(needed, latest.getTime())));
}
