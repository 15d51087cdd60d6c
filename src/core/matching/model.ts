import { availabilityByZone, hasRun, sessionSlots, WORDS_PER_WEEK } from './availability.ts';
import type { MatchInput, MatchPerson, MatchSettings, UnplacedPerson } from './types.ts';

/**
 * The matcher's index-based view of a pool: person i's attributes as small integers, availability
 * bitsets, symmetric conflict lists and pair recency. Everything downstream works on indices.
 */
export interface PoolModel {
  people: readonly MatchPerson[];
  indexOf: ReadonlyMap<string, number>;
  team: Int32Array;
  department: Int32Array;
  location: Int32Array;
  /** Availability per person (shared arrays: one per zone). Empty bits for unknown zones. */
  bits: readonly Uint32Array[];
  /** Index of the person's availability class (distinct zone). */
  zoneClass: Int32Array;
  conflicts: readonly number[][];
  conflictSet: ReadonlySet<number>;
  /** 0..1 for pairs who met (1 = met just now), keyed by pairKey(i, j). */
  recency: ReadonlyMap<number, number>;
  minRun: number;
  settings: MatchSettings;
}

export function pairKey(n: number, i: number, j: number): number {
  return i < j ? i * n + j : j * n + i;
}

function codes(values: readonly (string | undefined)[]): Int32Array {
  const seen = new Map<string, number>();
  // Unknown values share code -1: no diversity credit for data we do not have.
  return Int32Array.from(values, (v) => {
    if (v === undefined || v === '') return -1;
    let c = seen.get(v);
    if (c === undefined) { c = seen.size; seen.set(v, c); }
    return c;
  });
}

const DAY_MS = 86_400_000;

/** Build the model for `input.people` (all of them; unusable people are returned in `unusable`). */
export function buildModel(input: MatchInput, settings: MatchSettings, now: Date): { model: PoolModel; unusable: UnplacedPerson[] } {
  const people = input.people;
  const n = people.length;
  const indexOf = new Map<string, number>();
  people.forEach((p, i) => indexOf.set(p.id, i));

  const zones = availabilityByZone(people.map((p) => p.timezone), settings);
  const zoneIds = new Map<string, number>();
  const empty = new Uint32Array(WORDS_PER_WEEK);
  const minRun = sessionSlots(settings.sessionMinutes);
  const unusable: UnplacedPerson[] = [];
  const bits = people.map((p) => {
    const b = zones.get(p.timezone);
    if (b === undefined) { // availabilityByZone skips zones luxon does not know
      unusable.push({ personId: p.id, reason: 'unknown-timezone', detail: `time zone "${p.timezone}" is not an IANA zone`,
        suggestion: 'fix their time zone in the roster (e.g. Europe/London) and preview again' });
      return empty;
    }
    if (!hasRun(b, minRun)) {
      unusable.push({ personId: p.id, reason: 'no-window', detail: `their working hours (${settings.workingHours.start}–${settings.workingHours.end} ${p.timezone}) hold no ${settings.sessionMinutes}-minute slot in every week of the commitment`,
        suggestion: 'widen the programme working hours or shorten the session' });
    }
    return b;
  });
  const zoneClass = Int32Array.from(people, (p) => {
    let c = zoneIds.get(p.timezone);
    if (c === undefined) { c = zoneIds.size; zoneIds.set(p.timezone, c); }
    return c;
  });

  const conflictSet = new Set<number>();
  const conflicts: number[][] = people.map(() => []);
  const addConflict = (i: number | undefined, j: number | undefined): void => {
    if (i === undefined || j === undefined || i === j) return;
    const key = pairKey(n, i, j);
    if (conflictSet.has(key)) return;
    conflictSet.add(key);
    conflicts[i]!.push(j);
    conflicts[j]!.push(i);
  };
  const managerOf = (id: string): string | undefined => {
    const i = indexOf.get(id);
    return (i !== undefined ? people[i]!.managerId : undefined) ?? input.managerOf?.[id];
  };
  for (let i = 0; i < n; i++) {
    // Direct manager and skip-level manager (when the chain is known, even through someone outside the pool).
    const m1 = managerOf(people[i]!.id);
    if (m1 === undefined) continue;
    addConflict(i, indexOf.get(m1));
    const m2 = managerOf(m1);
    if (m2 !== undefined) addConflict(i, indexOf.get(m2));
  }
  for (const x of input.exclusions ?? []) addConflict(indexOf.get(x.a), indexOf.get(x.b));
  for (const list of conflicts) list.sort((a, b) => a - b);

  const recency = new Map<number, number>();
  const halfLife = settings.weights.noveltyHalfLifeDays;
  for (const h of input.history ?? []) {
    const i = indexOf.get(h.a);
    const j = indexOf.get(h.b);
    if (i === undefined || j === undefined || i === j) continue;
    const ageDays = Math.max(0, (now.getTime() - h.metOn.getTime()) / DAY_MS);
    const r = Math.pow(0.5, ageDays / halfLife);
    const key = pairKey(n, i, j);
    recency.set(key, Math.max(r, recency.get(key) ?? 0)); // the most recent meeting counts
  }

  const model: PoolModel = {
    people, indexOf,
    team: codes(people.map((p) => p.team)),
    department: codes(people.map((p) => p.department)),
    location: codes(people.map((p) => p.location)),
    bits, zoneClass, conflicts, conflictSet, recency, minRun, settings,
  };
  return { model, unusable };
}
