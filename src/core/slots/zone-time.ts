import { IANAZone } from 'luxon';

/**
 * Fast UTC <-> local conversions for slot finding. Zone offsets are looked up through luxon (the
 * IANA database of the runtime) and memoised per zone and hour, since a slot search asks about the
 * same few zones and weeks thousands of times. DST transitions fall on hour boundaries in every
 * zone a Workspace offers except Lord Howe (30 min); there the memo is merely a little coarse.
 */
const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const zones = new Map<string, IANAZone | null>();
const offsets = new Map<string, Map<number, number>>();

function zoneOf(name: string): IANAZone | null {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    zones.set(name, zone);
  }
  return zone;
}

/** True when `name` is an IANA zone this runtime knows. */
export function isKnownZone(name: string): boolean {
  return zoneOf(name) !== null;
}

/** Offset of `zone` from UTC at instant `ts`, in minutes (unknown zones count as UTC). */
export function offsetMinutes(zone: string, ts: number): number {
  let byHour = offsets.get(zone);
  if (!byHour) offsets.set(zone, (byHour = new Map()));
  const hour = Math.floor(ts / HOUR_MS);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    if (byHour.size > 100_000) byHour.clear();
    offset = zoneOf(zone)?.offset(ts) ?? 0;
    byHour.set(hour, offset);
  }
  return offset;
}

/** Days since 1970-01-01 of an ISO date "YYYY-MM-DD". */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Local calendar day and minute of the day of instant `ts` in `zone`. */
export function localOf(zone: string, ts: number): { day: number; minute: number; localMs: number } {
  const localMs = ts + offsetMinutes(zone, ts) * MINUTE_MS;
  const day = Math.floor(localMs / DAY_MS);
  return { day, minute: Math.floor((localMs - day * DAY_MS) / MINUTE_MS), localMs };
}

/**
 * The UTC instant of local wall time `minute` on local `day` in `zone`. A wall time that does not
 * exist (the spring-forward gap) lands after the gap, as Google Calendar does.
 */
export function utcOf(zone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const first = wall - offsetMinutes(zone, wall) * MINUTE_MS;
  const second = wall - offsetMinutes(zone, first) * MINUTE_MS;
  if (second === first) return first;
  // Either side of a transition: keep the reading that round-trips, else the later (gap) one.
  if (localOf(zone, second).localMs === wall) return second;
  if (localOf(zone, first).localMs === wall) return first;
  return Math.max(first, second);
}
