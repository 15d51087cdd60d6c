/**
 * Event times and recurrence for the Calendar emulator. A series is expanded in the event's own
 * time zone, as Google does (a 10:00 Europe/Berlin series stays at 10:00 local across DST), by
 * the `rrule` package (RFC 5545) run on "floating" wall times: rrule counts days and weekdays in
 * UTC, so the wall time of DTSTART goes in as if it were UTC and each result is read back as a
 * wall time in the event's zone. RRULE parts the emulator cannot model answer 400, never ignored.
 */
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { badRequest } from './http.ts';
import { parseDateList, type DateListEntry } from './recurrence-lines.ts';

// rrule 2.8 ships a UMD build without an `exports` map; Node's ESM loader cannot see its named
// exports, so load it through require (the types come from its own declarations).
const { RRule } = createRequire(import.meta.url)('rrule') as typeof import('rrule');

export interface EventDateTime {
  dateTime?: string | null;
  date?: string | null;
  timeZone?: string | null;
}

export interface Occurrence {
  start: DateTime;
  end: DateTime;
}

/** Safety cap for series without COUNT or UNTIL (Google allows endless series). */
const MAX_OCCURRENCES = 730;
const FREQUENCIES = new Map([['YEARLY', RRule.YEARLY], ['MONTHLY', RRule.MONTHLY], ['WEEKLY', RRule.WEEKLY], ['DAILY', RRule.DAILY]]);
/** Rule parts expanded here; others (BYHOUR, BYWEEKNO, BYYEARDAY, …) are refused, not ignored. */
const MODELLED_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST']);

/** Parses an event's start or end into an instant in its zone; 400 like Google when unusable. */
export function parseEventTime(time: EventDateTime | undefined, which: 'start' | 'end'): DateTime {
  if (!time || (!time.dateTime && !time.date)) throw badRequest(`Missing ${which} time.`, 'required');
  const zone = time.timeZone ?? 'UTC';
  if (time.timeZone && !DateTime.local().setZone(time.timeZone).isValid) throw badRequest(`Invalid time zone definition for ${which} time.`, 'timeZoneInvalid');
  const parsed = time.dateTime ? DateTime.fromISO(time.dateTime, { zone }) : DateTime.fromISO(time.date ?? '', { zone });
  if (!parsed.isValid) throw badRequest(`Invalid ${which} time.`);
  return parsed;
}

/** Google's RFC 3339 rendering: local wall time with the zone's offset, no milliseconds. */
export function formatDateTime(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: true }) ?? '';
}

/** The suffix Google gives instance ids: `yyyymmddThhmmssZ` (UTC) for timed, `yyyymmdd` for all-day events. */
export function instanceSuffix(start: DateTime, allDay = false): string {
  return allDay ? start.toFormat('yyyyMMdd') : start.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** Every occurrence of an event (one for a single event), in order, each start in the event's zone. */
export function occurrences(start: DateTime, end: DateTime, recurrence: readonly string[] | undefined): Occurrence[] {
  if (!recurrence?.length) return [{ start, end }];
  const durationMs = end.toMillis() - start.toMillis();
  const rules = recurrence.filter((l) => /^RRULE[:;]/i.test(l));
  const exdates: DateListEntry[] = [];
  const rdates: DateListEntry[] = [];
  for (const line of recurrence) {
    if (/^RRULE[:;]/i.test(line)) continue;
    if (/^EXDATE[:;]/i.test(line)) exdates.push(...parseDateList(line, start.zoneName ?? 'UTC'));
    else if (/^RDATE[:;]/i.test(line)) rdates.push(...parseDateList(line, start.zoneName ?? 'UTC'));
    else throw badRequest(`Invalid recurrence rule: the emulator does not model "${line.split(/[:;]/)[0]}" lines.`);
  }
  if (rules.length > 1) throw badRequest('Invalid recurrence rule: the emulator models at most one RRULE per event.');
  const starts = rules[0] ? expandRule(rules[0], start) : [start];
  const byMillis = new Map<number, DateTime>(starts.map((s) => [s.toMillis(), s]));
  for (const extra of rdates) {
    const at = extra.date ? DateTime.fromISO(extra.date, { zone: start.zoneName ?? 'UTC' }).set({ hour: start.hour, minute: start.minute, second: start.second }) : extra.instant!;
    byMillis.set(at.toMillis(), at.setZone(start.zoneName ?? 'UTC'));
  }
  // A date-only EXDATE removes whatever starts on that local date.
  const excluded = (s: DateTime): boolean => exdates.some((x) => (x.date ? s.toISODate() === x.date : x.instant!.toMillis() === s.toMillis()));
  return [...byMillis.values()]
    .filter((s) => !excluded(s))
    .sort((a, b) => a.toMillis() - b.toMillis())
    .map((s) => ({ start: s, end: s.plus({ milliseconds: durationMs }) }));
}

function expandRule(line: string, start: DateTime): DateTime[] {
  const text = line.replace(/^RRULE[:;]/i, '');
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || value === '') throw badRequest('Invalid recurrence rule.');
    if (!MODELLED_PARTS.has(key.toUpperCase())) throw badRequest(`Invalid recurrence rule: the emulator does not model ${key.toUpperCase()}.`);
    parts.set(key.toUpperCase(), value);
  }
  const freq = FREQUENCIES.get(parts.get('FREQ') ?? '');
  if (freq === undefined) throw badRequest('Invalid recurrence rule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.');
  if (parts.has('COUNT') && parts.has('UNTIL')) throw badRequest('Invalid recurrence rule: COUNT and UNTIL cannot both be set.');
  for (const name of ['INTERVAL', 'COUNT']) {
    const value = parts.get(name);
    if (value !== undefined && !/^[1-9]\d*$/.test(value)) throw badRequest(`Invalid recurrence rule: ${name} must be a positive integer.`);
  }
  const zone = start.zoneName ?? 'UTC';
  const until = parts.get('UNTIL');
  parts.delete('UNTIL');
  const last = until ? floating(parseUntil(until, zone)) : undefined;
  let walls: Date[];
  try {
    const options = RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
    walls = new RRule({ ...options, dtstart: floating(start), ...(last ? { until: last } : {}) }).all((_, i) => i < MAX_OCCURRENCES);
  } catch {
    // rrule throws on values it cannot read (e.g. BYDAY=XX), at parse time or on expansion.
    throw badRequest('Invalid recurrence rule.');
  }
  return walls.map((wall) =>
    DateTime.fromObject(
      { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() },
      { zone },
    ),
  );
}

/** UNTIL as Google reads it: `…Z` is an instant; a date (or a local time) is in the event's zone, the date inclusive. */
function parseUntil(text: string, zone: string): DateTime {
  const utc = /^\d{8}T\d{6}Z$/.test(text);
  const local = /^\d{8}T\d{6}$/.test(text);
  const date = /^\d{8}$/.test(text);
  if (!utc && !local && !date) throw badRequest('Invalid recurrence rule: bad UNTIL.');
  if (utc) return DateTime.fromFormat(text, "yyyyMMdd'T'HHmmss'Z'", { zone: 'UTC' }).setZone(zone);
  if (local) return DateTime.fromFormat(text, "yyyyMMdd'T'HHmmss", { zone });
  return DateTime.fromFormat(text, 'yyyyMMdd', { zone }).endOf('day').set({ millisecond: 0 });
}

/** The wall time of `value` in its own zone, as a Date whose UTC fields carry it (rrule's floating time). */
function floating(value: DateTime): Date {
  return new Date(Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second));
}
