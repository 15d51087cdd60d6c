import { DateTime } from 'luxon';

/** A person's working window in their own zone: minutes from local midnight, ISO weekdays. */
export interface LocalWorkingHours {
  startMinute: number;
  endMinute: number;
  days: readonly number[];
}

/**
 * The first instant at or after `from` that falls inside the working hours of `zone` (luxon does
 * the DST arithmetic: a local 09:00 stays 09:00 across a change). A reminder sent then reaches
 * people at their desks, not at 3 a.m. Unknown zones fall back to UTC.
 */
export function nextWorkingInstant(from: Date, zone: string, hours: LocalWorkingHours): Date {
  let local = DateTime.fromJSDate(from, { zone });
  if (!local.isValid) local = DateTime.fromJSDate(from, { zone: 'utc' });
  for (let day = 0; day < 8; day++) {
    const date = local.plus({ days: day }).startOf('day');
    if (!hours.days.includes(date.weekday)) continue;
    const open = date.plus({ minutes: hours.startMinute });
    const close = date.plus({ minutes: hours.endMinute });
    if (day === 0 && local >= close) continue;
    const at = day === 0 && local > open ? local : open;
    return at.toUTC().toJSDate();
  }
  return from; // no working day at all: send now rather than never
}

export const REMINDER_AFTER_MS = 48 * 3_600_000;

/** When an invite created at `createdAt` gets its one reminder: 48 h later, inside working hours. */
export function reminderDueAt(createdAt: Date, zone: string, hours: LocalWorkingHours): Date {
  return nextWorkingInstant(new Date(createdAt.getTime() + REMINDER_AFTER_MS), zone, hours);
}
