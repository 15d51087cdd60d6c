import { DateTime } from 'luxon';
import { safeZone } from '../nudges/window.ts';

/** A person's working hours in their zone (the programme's window): local minutes and ISO weekdays. */
export interface WorkingHours {
  startMinute: number;
  endMinute: number;
  days: readonly number[];
}

export const REMINDER_BEFORE_MS = 60 * 60_000;
export const CHECK_IN_AFTER_MS = 10 * 60_000;
/** No answer to a check-in within two days: one follow-up; two more days: the session is unknown. */
export const CHECK_IN_PATIENCE_MS = 2 * 86_400_000;

/**
 * When the facilitator hears it is their turn: the working day before the session (their working
 * days, their zone), one hour into their working hours, so it reads as a morning heads-up.
 * A session early on a Monday is prompted on the Friday before.
 */
export function promptAt(sessionStart: Date, zone: string, hours: WorkingHours): Date {
  const start = DateTime.fromJSDate(sessionStart, { zone: safeZone(zone) });
  const minute = Math.min(hours.startMinute + 60, Math.max(hours.startMinute, hours.endMinute - 30));
  for (let back = 1; back <= 7; back++) {
    const day = start.minus({ days: back }).startOf('day');
    if (!hours.days.includes(day.weekday)) continue;
    return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toUTC().toJSDate();
  }
  return new Date(sessionStart.getTime() - 86_400_000);
}

export const reminderAt = (sessionStart: Date): Date => new Date(sessionStart.getTime() - REMINDER_BEFORE_MS);
export const checkInAt = (sessionEnd: Date): Date => new Date(sessionEnd.getTime() + CHECK_IN_AFTER_MS);

export type CheckInOutcome = 'met' | 'skipped' | 'moved' | 'unknown';

/**
 * Whether a pod needs attention: its two latest settled sessions were both skipped or unknown.
 * `outcomes` are the settled sessions in order (a moved session is not settled until it happens).
 */
export function needsAttention(outcomes: readonly CheckInOutcome[]): boolean {
  const settled = outcomes.filter((o) => o !== 'moved');
  const last = settled.slice(-2);
  return last.length === 2 && last.every((o) => o === 'skipped' || o === 'unknown');
}

/**
 * Who takes a turn handed on: the next member in seat order after `current`, among those who
 * can (active, not the one handing it over). Undefined when nobody else can.
 */
export function nextFacilitator<T extends { personId: string; seat: number; active: boolean }>(members: readonly T[], current: string): T | undefined {
  const seats = [...members].sort((a, b) => a.seat - b.seat);
  const at = seats.findIndex((m) => m.personId === current);
  for (let step = 1; step <= seats.length; step++) {
    const m = seats[(Math.max(at, 0) + step) % seats.length]!;
    if (m.active && m.personId !== current) return m;
  }
  return undefined;
}
