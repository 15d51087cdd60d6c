import { DateTime } from 'luxon';

export const MAX_PAUSE_DAYS = 366;

/**
 * Reads a "pause until" date (YYYY-MM-DD, as Slack's datepicker sends it) in the person's own
 * zone: the pause ends at the start of that day where they live. It must be a future day and
 * within a year; otherwise the answer is the message to show under the date field.
 */
export function parsePauseUntil(date: string | undefined, timezone: string, now: Date): { until: Date } | { error: string } {
  if (!date) return { error: 'Pick the date you want to be back.' };
  const zone = DateTime.now().setZone(timezone).isValid ? timezone : 'UTC';
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) return { error: 'That is not a date.' };
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const until = day.startOf('day');
  if (until <= today) return { error: 'Pick a date after today.' };
  if (until > today.plus({ days: MAX_PAUSE_DAYS })) return { error: 'A pause can last at most a year; pick an earlier date.' };
  return { until: until.toJSDate() };
}
