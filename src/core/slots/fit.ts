import type { SlotMember, WorkingWindow } from './types.ts';
import { DAY_MS, localOf, weekdayOf } from './zone-time.ts';

const MINUTE_MS = 60_000;

/** True when [start, end) lies inside one working day of `hours` in `zone`. */
export function insideHours(zone: string, hours: WorkingWindow, start: number, end: number): boolean {
  const s = localOf(zone, start);
  if (!hours.days.includes(weekdayOf(s.day)) || s.minute < hours.startMinute) return false;
  const e = localOf(zone, end);
  return e.localMs - s.day * DAY_MS <= hours.endMinute * MINUTE_MS;
}

export function insideEveryonesHours(members: readonly SlotMember[], hours: WorkingWindow, start: number, end: number): boolean {
  for (const m of members) if (!insideHours(m.zone, hours, start, end)) return false;
  return true;
}

/** Members whose free/busy shows a clash with [start, end). Unreadable calendars count as free. */
export function busyMembers(members: readonly SlotMember[], start: number, end: number): string[] {
  const out: string[] = [];
  for (const m of members) {
    if (m.unreadable || !m.busy) continue;
    if (m.busy.some((b) => b.start < end && b.end > start)) out.push(m.id);
  }
  return out;
}
