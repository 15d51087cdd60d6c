/**
 * When a retro's reminder and decision fall, counted from the moment it opened (the round's last
 * session starting). One reminder two days in; the decision a week in at the latest, or as soon
 * as every member has answered.
 */
export const RETRO_REMINDER_AFTER_MS = 2 * 24 * 3_600_000;
export const RETRO_WINDOW_MS = 7 * 24 * 3_600_000;

export function retroReminderDue(openedAt: Date): Date {
  return new Date(openedAt.getTime() + RETRO_REMINDER_AFTER_MS);
}

export function retroWindowCloses(openedAt: Date): Date {
  return new Date(openedAt.getTime() + RETRO_WINDOW_MS);
}

/**
 * The Monday a continued pod's next round starts: the first Monday at least one cadence after
 * the last session, and never in the past (a late decision starts the week after it).
 */
export function nextRoundStartWeek(lastSessionAt: Date, decidedAt: Date, cadenceWeeks: number): string {
  const DAY = 86_400_000;
  const earliest = Math.max(lastSessionAt.getTime() + (cadenceWeeks * 7 - 6) * DAY, decidedAt.getTime() + DAY);
  const d = new Date(earliest);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + ((8 - d.getUTCDay()) % 7) * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}
