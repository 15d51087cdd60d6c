import { DateTime, IANAZone } from 'luxon';
import type { MatchSettings } from './types.ts';

/**
 * Weekly availability as bitsets of 15-minute slots in UTC.
 *
 * Slot 0 starts on Saturday 12:00 UTC (not Monday 00:00): at that instant it is the weekend in every
 * zone from UTC−12 to UTC+11, so a Monday–Friday window never straddles the end of the bitset and a
 * plain (non-cyclic) run check is exact. Week k of the commitment is the ISO week of
 * `firstWeekStart` plus k·cadenceWeeks weeks; slot s of week k is the instant origin(k) + 15·s min.
 * A person's availability is the AND over all commitment weeks, so DST changes inside the
 * commitment are handled: a slot survives only if it is inside their local hours in every week.
 */
export const SLOT_MINUTES = 15;
export const SLOTS_PER_WEEK = (7 * 24 * 60) / SLOT_MINUTES; // 672
export const WORDS_PER_WEEK = SLOTS_PER_WEEK / 32; // 21
const MINUTES_PER_WEEK = 7 * 24 * 60;
/** Slot 0 in minutes after Monday 00:00 UTC (Saturday 12:00). */
export const ORIGIN_MINUTE_OF_WEEK = 5 * 24 * 60 + 12 * 60;
const MINUTE_MS = 60_000;

export function isKnownTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Slots one session needs. */
export function sessionSlots(sessionMinutes: number): number {
  return Math.max(1, Math.ceil(sessionMinutes / SLOT_MINUTES));
}

/** UTC instant (ms) where slot 0 of commitment week k begins. */
export function weekOriginMs(settings: MatchSettings, k: number): number {
  const monday = DateTime.fromJSDate(settings.firstWeekStart, { zone: 'utc' }).startOf('week');
  return monday.plus({ weeks: k * settings.cadenceWeeks }).toMillis() - (MINUTES_PER_WEEK - ORIGIN_MINUTE_OF_WEEK) * MINUTE_MS;
}

/** Slot index -> minutes after Monday 00:00 UTC. */
export function slotToUtcMinuteOfWeek(slot: number): number {
  return (ORIGIN_MINUTE_OF_WEEK + slot * SLOT_MINUTES) % MINUTES_PER_WEEK;
}

function parseHm(hm: string): { hour: number; minute: number } {
  const [h, m] = hm.split(':').map(Number);
  return { hour: h ?? 0, minute: m ?? 0 };
}

function setRange(bits: Uint32Array, from: number, to: number): void {
  for (let s = Math.max(0, from); s < Math.min(SLOTS_PER_WEEK, to); s++) bits[s >>> 5]! |= 1 << (s & 31);
}

/** Availability of someone in `zone` working `settings.workingHours`, ANDed over the commitment weeks. */
export function zoneAvailability(zone: string, settings: MatchSettings): Uint32Array {
  const all = new Uint32Array(WORDS_PER_WEEK).fill(0xffffffff);
  const start = parseHm(settings.workingHours.start);
  const end = parseHm(settings.workingHours.end);
  for (let k = 0; k < settings.sessionCount; k++) {
    const origin = weekOriginMs(settings, k);
    const week = new Uint32Array(WORDS_PER_WEEK);
    // Local dates that can overlap [origin, origin + 7 days) in any zone.
    const firstDay = DateTime.fromMillis(origin, { zone }).startOf('day').minus({ days: 1 });
    for (let d = 0; d < 9; d++) {
      const day = firstDay.plus({ days: d });
      if (!settings.workingHours.days.includes(day.weekday)) continue;
      const from = day.set({ hour: start.hour, minute: start.minute }).toMillis();
      const to = day.set({ hour: end.hour, minute: end.minute }).toMillis();
      const fromSlot = Math.ceil((from - origin) / (SLOT_MINUTES * MINUTE_MS));
      const toSlot = Math.floor((to - origin) / (SLOT_MINUTES * MINUTE_MS));
      setRange(week, fromSlot, toSlot);
    }
    for (let w = 0; w < WORDS_PER_WEEK; w++) all[w]! &= week[w]!;
  }
  return all;
}

/** Availability per person, computed once per distinct zone (luxon is the slow part). */
export function availabilityByZone(zones: readonly string[], settings: MatchSettings): Map<string, Uint32Array> {
  const cache = new Map<string, Uint32Array>();
  const checked = new Set<string>();
  for (const z of zones) {
    if (checked.has(z)) continue;
    checked.add(z);
    if (isKnownTimezone(z)) cache.set(z, zoneAvailability(z, settings));
  }
  return cache;
}

export function andInto(acc: Uint32Array, bits: Uint32Array): void {
  for (let w = 0; w < acc.length; w++) acc[w]! &= bits[w]!;
}

function bitAt(bits: Uint32Array, s: number): boolean {
  return s < SLOTS_PER_WEEK && ((bits[s >>> 5]! >>> (s & 31)) & 1) === 1;
}

/** True when `bits` has `minRun` consecutive set slots. Shift-and over the words: O(minRun · 21). */
export function hasRun(bits: Uint32Array, minRun: number): boolean {
  const y = Uint32Array.from(bits);
  for (let k = 1; k < minRun; k++) {
    const wq = k >>> 5;
    const b = k & 31;
    for (let w = 0; w < WORDS_PER_WEEK; w++) {
      const lo = bits[w + wq] ?? 0;
      const hi = bits[w + wq + 1] ?? 0;
      y[w]! &= b === 0 ? lo : (lo >>> b) | (hi << (32 - b));
    }
  }
  for (let w = 0; w < WORDS_PER_WEEK; w++) if (y[w] !== 0) return true;
  return false;
}

/** The longest run of set slots, earliest first among equals, or null when shorter than minRun. */
export function bestRun(bits: Uint32Array, minRun: number): { start: number; length: number } | null {
  let best: { start: number; length: number } | null = null;
  let s = 0;
  while (s < SLOTS_PER_WEEK) {
    if (!bitAt(bits, s)) { s++; continue; }
    let e = s;
    while (bitAt(bits, e)) e++;
    if (e - s >= minRun && (best === null || e - s > best.length)) best = { start: s, length: e - s };
    s = e;
  }
  return best;
}

/** "Tue 09:30" for a slot of week `k`, in `zone`. */
export function localLabel(settings: MatchSettings, slot: number, zone: string, k = 0): string {
  const at = weekOriginMs(settings, k) + slot * SLOT_MINUTES * MINUTE_MS;
  return DateTime.fromMillis(at, { zone }).setLocale('en').toFormat('ccc HH:mm');
}

/** The instant a pod's session happens in week k, for a slot chosen from the bitsets. */
export function sessionStartMs(settings: MatchSettings, slot: number, k: number): number {
  return weekOriginMs(settings, k) + slot * SLOT_MINUTES * MINUTE_MS;
}
