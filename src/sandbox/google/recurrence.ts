/**
 * Event times and recurrence for the Calendar emulator. Weekly (and daily) RRULEs with COUNT,
 * UNTIL and INTERVAL are expanded in the event's own time zone, as Google does, so a 10:00
 * Europe/Berlin series stays at 10:00 local across a DST change.
 */
import { DateTime } from 'luxon';
import { badRequest } from './http.ts';

export interface EventDateTime {
  dateTime?: string | null;
  date?: string | null;
  timeZone?: string | null;
}

export interface Occurrence {
  start: DateTime;
  end: DateTime;
}

interface Rule {
  freq: 'WEEKLY' | 'DAILY';
  interval: number;
  count?: number;
  until?: DateTime;
}

/** Safety cap for series without COUNT or UNTIL (Google allows endless series). */
const MAX_OCCURRENCES = 730;

/** Parses an event's start or end into an instant in its zone; 400 like Google when unusable. */
export function parseEventTime(time: EventDateTime | undefined, which: 'start' | 'end'): DateTime {
  if (!time || (!time.dateTime && !time.date)) throw badRequest(`Missing ${which} time.`, 'required');
  const zone = time.timeZone ?? 'UTC';
  if (time.timeZone && !DateTime.local().setZone(time.timeZone).isValid) throw badRequest(`Invalid time zone definition for ${which} time.`);
  const parsed = time.dateTime ? DateTime.fromISO(time.dateTime, { zone }) : DateTime.fromISO(time.date ?? '', { zone });
  if (!parsed.isValid) throw badRequest(`Invalid ${which} time.`);
  return parsed;
}

/** Google's RFC 3339 rendering: local wall time with the zone's offset, no milliseconds. */
export function formatDateTime(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: true }) ?? '';
}

/** The `yyyymmddThhmmssZ` suffix Google gives instance ids of a recurring event. */
export function instanceSuffix(start: DateTime): string {
  return start.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

export function parseRecurrence(lines: readonly string[] | undefined): Rule | undefined {
  const line = lines?.find((l) => l.startsWith('RRULE:'));
  if (!line) return undefined;
  const parts = new Map<string, string>();
  for (const part of line.slice('RRULE:'.length).split(';')) {
    const [key, value] = part.split('=');
    if (key && value !== undefined) parts.set(key.toUpperCase(), value);
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'DAILY') throw badRequest('Invalid recurrence rule.');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined;
  const untilText = parts.get('UNTIL');
  const until = untilText ? parseUntil(untilText) : undefined;
  if (!Number.isInteger(interval) || interval < 1) throw badRequest('Invalid recurrence rule.');
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw badRequest('Invalid recurrence rule.');
  return { freq, interval, ...(count !== undefined ? { count } : {}), ...(until ? { until } : {}) };
}

function parseUntil(text: string): DateTime {
  const format = text.includes('T') ? (text.endsWith('Z') ? "yyyyMMdd'T'HHmmss'Z'" : "yyyyMMdd'T'HHmmss") : 'yyyyMMdd';
  const parsed = DateTime.fromFormat(text, format, { zone: 'UTC' });
  if (!parsed.isValid) throw badRequest('Invalid recurrence rule.');
  // A date-only UNTIL includes that whole day.
  return format === 'yyyyMMdd' ? parsed.endOf('day') : parsed;
}

/** Every occurrence of an event (one for a single event), in order. */
export function occurrences(start: DateTime, end: DateTime, recurrence: readonly string[] | undefined): Occurrence[] {
  const rule = parseRecurrence(recurrence);
  if (!rule) return [{ start, end }];
  const durationMs = end.toMillis() - start.toMillis();
  const list: Occurrence[] = [];
  const limit = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  for (let k = 0; list.length < limit; k++) {
    const step = k * rule.interval;
    const next = rule.freq === 'WEEKLY' ? start.plus({ weeks: step }) : start.plus({ days: step });
    if (rule.until && next.toMillis() > rule.until.toMillis()) break;
    list.push({ start: next, end: next.plus({ milliseconds: durationMs }) });
  }
  return list;
}
