import { DateTime } from 'luxon';

/**
 * When a person may be nudged, in their own zone: local minutes from midnight and ISO weekdays
 * (1 = Monday). The defaults are the respect policy's hard bounds: nothing before 08:00 or from
 * 19:00 on, nothing on the weekend.
 */
export interface NudgeWindow {
  earliestMinute: number;
  latestMinute: number;
  days: readonly number[];
}

export const QUIET_HOURS_WINDOW: NudgeWindow = { earliestMinute: 8 * 60, latestMinute: 19 * 60, days: [1, 2, 3, 4, 5] };

/** A zone luxon knows, else UTC (a person with a broken zone still gets sane hours). */
export function safeZone(zone: string): string {
  return DateTime.now().setZone(zone).isValid ? zone : 'UTC';
}

function local(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone: safeZone(zone) });
}

/** Local wall-clock minute on a local day: set, not added, so a DST change that day cannot shift it. */
function atMinute(day: DateTime, minute: number): DateTime {
  if (minute >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

export function insideWindow(at: Date, zone: string, window: NudgeWindow): boolean {
  const t = local(at, zone);
  if (!window.days.includes(t.weekday)) return false;
  const minute = t.hour * 60 + t.minute;
  return minute >= window.earliestMinute && minute < window.latestMinute;
}

/** Why an instant is outside the window: the day is not a working day, or the hour is quiet. */
export function outsideBecause(at: Date, zone: string, window: NudgeWindow): 'weekend' | 'quiet_hours' | undefined {
  if (insideWindow(at, zone, window)) return undefined;
  return window.days.includes(local(at, zone).weekday) ? 'quiet_hours' : 'weekend';
}

/**
 * The first instant at or after `from` inside the window, or undefined when the window has no
 * day at all. Looks at most eight local days ahead, which always covers a whole week.
 */
export function nextInsideWindow(from: Date, zone: string, window: NudgeWindow): Date | undefined {
  if (window.days.length === 0 || window.latestMinute <= window.earliestMinute) return undefined;
  const t = local(from, zone);
  for (let day = 0; day < 9; day++) {
    const date = t.plus({ days: day }).startOf('day');
    if (!window.days.includes(date.weekday)) continue;
    const open = atMinute(date, window.earliestMinute);
    const close = atMinute(date, window.latestMinute);
    if (day === 0 && t >= close) continue;
    const at = day === 0 && t > open ? t : open;
    if (at >= close) continue; // a window swallowed by a DST gap that day
    return at.toUTC().toJSDate();
  }
  return undefined;
}

/** Monday 00:00 of the local ISO week holding `at`, as an instant; the weekly cap counts per such week. */
export function localWeekStart(at: Date, zone: string): Date {
  return local(at, zone).startOf('week').toUTC().toJSDate();
}

/** Monday 00:00 of the following local week (a DST change inside the week is accounted for). */
export function nextLocalWeekStart(at: Date, zone: string): Date {
  return local(at, zone).startOf('week').plus({ weeks: 1 }).toUTC().toJSDate();
}

/**
 * The end of the first whole working day someone has after a message reaches them at `arrival`:
 * the closing time of the arrival day when it arrives by the window's opening on a working day,
 * else of their next working day. An invite's deadline is never earlier than this, so everyone
 * invited has at least one whole working day, in their own zone, to answer.
 */
export function firstWholeWorkingDayEnd(arrival: Date, zone: string, window: NudgeWindow): Date {
  const t = local(arrival, zone);
  for (let day = 0; day < 9; day++) {
    const date = t.plus({ days: day }).startOf('day');
    if (!window.days.includes(date.weekday)) continue;
    if (day === 0 && t > atMinute(date, window.earliestMinute)) continue;
    return atMinute(date, window.latestMinute).toUTC().toJSDate();
  }
  return arrival;
}
