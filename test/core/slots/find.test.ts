import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { distinctPlans, findSlot, findSlotPlans, slotText, type SlotMember, type SlotRequest, type WorkingWindow } from '../../../src/core/slots/index.ts';

const HOURS: WorkingWindow = { startMinute: 9 * 60, endMinute: 17 * 60, days: [1, 2, 3, 4, 5] };
const iso = (ms: number) => new Date(ms).toISOString();
const req = (members: SlotMember[], extra: Partial<SlotRequest> = {}): SlotRequest => ({
  members, hours: HOURS, sessionMinutes: 60, cadenceWeeks: 1, sessionCount: 6, firstWeek: '2026-03-02', ...extra,
});

/** Independent check with luxon: [start, end) inside one working day of `hours` in `zone`. */
function insideByLuxon(zone: string, hours: WorkingWindow, start: number, end: number): boolean {
  const s = DateTime.fromMillis(start, { zone });
  const e = DateTime.fromMillis(end, { zone });
  const startMin = s.hour * 60 + s.minute;
  const endMin = e.hasSame(s, 'day') ? e.hour * 60 + e.minute : e.diff(s.startOf('day'), 'minutes').minutes;
  return hours.days.includes(s.weekday) && startMin >= hours.startMinute && endMin <= hours.endMinute;
}

describe('slot finding', () => {
  it('a London pod keeps 09:00 local across the clock change on 29 March (the series recurs in London)', () => {
    const plan = findSlot(req([{ id: 'a', zone: 'Europe/London' }, { id: 'b', zone: 'Europe/London' }]))!;
    expect(plan.zone).toBe('Europe/London');
    expect(plan.weekday).toBe(1);
    expect(plan.startMinute).toBe(9 * 60);
    expect(plan.occurrences.map((o) => iso(o.start))).toEqual([
      '2026-03-02T09:00:00.000Z', '2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z', '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z',
    ]);
    expect(plan.driftingMembers).toBe(0);
    expect(slotText(plan.occurrences, 'Europe/London')).toBe('Mondays 09:00–10:00, 6 sessions from 2 Mar');
  });

  it('London, New York and Kolkata across the March gap: every occurrence inside everyone\'s 08:00–20:00', () => {
    const members = [{ id: 'l', zone: 'Europe/London' }, { id: 'n', zone: 'America/New_York' }, { id: 'k', zone: 'Asia/Kolkata' }];
    const hours = { startMinute: 8 * 60, endMinute: 20 * 60, days: [1, 2, 3, 4, 5] };
    const plan = findSlot(req(members, { hours }))!;
    expect(plan).not.toBeNull();
    for (const o of plan.occurrences) for (const m of members) expect(insideByLuxon(m.zone, hours, o.start, o.end)).toBe(true);
    // The overlap is 13:00–14:30 UTC before New York moves (8 Mar) and 12:00–14:30 after: the
    // earliest slot is Monday 13:00 UTC, i.e. 08:00 in New York.
    expect(iso(plan.occurrences[0]!.start)).toBe('2026-03-02T13:00:00.000Z');
    expect(plan.exceptions).toBe(0);
    // What each reads: New York's morning moves while only New York has changed its clocks, or
    // the others' times move; never outside anyone's hours.
    expect(slotText(plan.occurrences, plan.zone)).toMatch(/^Mondays 0?\d{1,2}:\d\d–\d\d:\d\d, 6 sessions from 2 Mar$/);
  });

  it('London, New York and Kolkata share no 09:00–17:00 hour: no slot rather than a bad one', () => {
    expect(findSlot(req([{ id: 'l', zone: 'Europe/London' }, { id: 'n', zone: 'America/New_York' }, { id: 'k', zone: 'Asia/Kolkata' }]))).toBeNull();
  });

  it('prefers the slot with the fewest free/busy clashes, and reports clashes when none is free', () => {
    const busyAllMondayMorning = Array.from({ length: 6 }, (_, k) => ({ start: Date.parse('2026-03-02T09:00:00Z') + k * 7 * 86_400_000, end: Date.parse('2026-03-02T12:00:00Z') + k * 7 * 86_400_000 }));
    const plan = findSlot(req([{ id: 'a', zone: 'Africa/Abidjan', busy: busyAllMondayMorning }, { id: 'b', zone: 'Africa/Abidjan' }]))!;
    expect(iso(plan.occurrences[0]!.start)).toBe('2026-03-02T12:00:00.000Z');
    expect(plan.conflicts).toBe(0);
    const everything = [{ start: Date.parse('2026-03-01T00:00:00Z'), end: Date.parse('2026-05-01T00:00:00Z') }];
    const stuck = findSlot(req([{ id: 'a', zone: 'Africa/Abidjan', busy: everything }, { id: 'b', zone: 'Africa/Abidjan' }]))!;
    expect(stuck.conflicts).toBe(6);
    expect(stuck.occurrences.every((o) => o.busy.includes('a'))).toBe(true);
  });

  it('an unreadable calendar counts as free inside working hours, and is listed on the plan', () => {
    const plan = findSlot(req([{ id: 'a', zone: 'Europe/Berlin', unreadable: true, busy: [{ start: 0, end: 9e15 }] }, { id: 'b', zone: 'Europe/Berlin' }]))!;
    expect(plan.conflicts).toBe(0);
    expect(plan.unreadable).toEqual(['a']);
  });

  it('honours the programme\'s preferred days and times', () => {
    const plan = findSlot(req([{ id: 'a', zone: 'Europe/Paris' }], { preferred: { days: [3], startMinute: 14 * 60, endMinute: 16 * 60 } }))!;
    expect(plan.weekday).toBe(3);
    expect(plan.startMinute).toBe(14 * 60);
    expect(plan.preferencePenalty).toBe(0);
  });

  it('starts a cadence later when the first week\'s slot is before the deadline, keeping the count', () => {
    const plan = findSlot(req([{ id: 'a', zone: 'UTC' }], { notBefore: Date.parse('2026-03-04T00:00:00Z'), sessionCount: 2 }))!;
    expect(plan.occurrences.map((o) => iso(o.start))).toEqual(['2026-03-04T09:00:00.000Z', '2026-03-11T09:00:00.000Z']);
    const fortnightly = findSlot(req([{ id: 'a', zone: 'UTC' }], { cadenceWeeks: 2, sessionCount: 3 }))!;
    expect(fortnightly.occurrences.map((o) => iso(o.start).slice(0, 10))).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);
  });

  it('offers real alternatives for a reschedule: other days or at least an hour apart', () => {
    const plans = findSlotPlans(req([{ id: 'a', zone: 'UTC' }], { fromWeek: 2, sessionCount: 4 }));
    const three = distinctPlans(plans, 3, [{ weekday: 1, startMinute: 9 * 60, zone: 'UTC' }]);
    expect(three).toHaveLength(3);
    expect(three.map((p) => `${p.weekday} ${p.startMinute}`)).toEqual(['1 600', '1 660', '1 720']);
    expect(iso(three[0]!.occurrences[0]!.start)).toBe('2026-03-16T10:00:00.000Z');
    expect(three[0]!.occurrences[0]!.index).toBe(2);
  });
});

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Santiago', 'Europe/Berlin',
  'America/Los_Angeles', 'Pacific/Auckland', 'Asia/Tokyo', 'Africa/Abidjan', 'Australia/Lord_Howe', 'America/St_Johns'];
// Mondays around the year's clock changes: zones change DST in different weeks inside each commitment.
const WEEKS = ['2026-03-02', '2026-03-23', '2026-03-30', '2026-09-21', '2026-10-19', '2026-10-26', '2027-03-08'];

const arbRequest = fc.record({
  zones: fc.array(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 5 }),
  start: fc.integer({ min: 0, max: 14 * 4 }).map((q) => q * 15),
  width: fc.integer({ min: 4, max: 14 * 4 }).map((q) => q * 15),
  session: fc.constantFrom(30, 45, 60, 90),
  cadence: fc.constantFrom(1, 2),
  count: fc.integer({ min: 1, max: 8 }),
  week: fc.constantFrom(...WEEKS),
  busy: fc.array(fc.record({ member: fc.nat(4), day: fc.nat(60), minute: fc.nat(1439), length: fc.integer({ min: 15, max: 240 }) }), { maxLength: 12 }),
}).map((r): SlotRequest => {
  const first = Date.parse(`${r.week}T00:00:00Z`);
  const members: SlotMember[] = r.zones.map((zone, i) => ({
    id: `m${i}`, zone,
    busy: r.busy.filter((b) => b.member % r.zones.length === i).map((b) => ({ start: first + b.day * 86_400_000 + b.minute * 60_000, end: first + b.day * 86_400_000 + (b.minute + b.length) * 60_000 })),
  }));
  return { members, hours: { startMinute: 6 * 60 + r.start, endMinute: Math.min(1440, 6 * 60 + r.start + Math.max(r.width, r.session)), days: [1, 2, 3, 4, 5] },
    sessionMinutes: r.session, cadenceWeeks: r.cadence, sessionCount: r.count, firstWeek: r.week };
});

/** Brute force, independent of the finder: every fixed-UTC weekly slot of the first week, checked with luxon. */
function fixedUtcSlots(r: SlotRequest): { conflicts: number }[] {
  const out: { conflicts: number }[] = [];
  const monday = Date.parse(`${r.firstWeek}T00:00:00Z`);
  for (let t = monday - 12 * 3_600_000; t < monday + (7 * 24 - 12) * 3_600_000; t += 15 * 60_000) {
    if (!r.members.every((m) => insideByLuxon(m.zone, r.hours, t, t + r.sessionMinutes * 60_000))) continue;
    let ok = true;
    let conflicts = 0;
    for (let k = 0; k < r.sessionCount && ok; k++) {
      const s = t + k * r.cadenceWeeks * 7 * 86_400_000;
      const e = s + r.sessionMinutes * 60_000;
      for (const m of r.members) {
        if (!insideByLuxon(m.zone, r.hours, s, e)) { ok = false; break; }
        if (m.busy?.some((b) => b.start < e && b.end > s)) conflicts++;
      }
    }
    if (ok) out.push({ conflicts });
  }
  return out;
}

describe('slot finding, properties', () => {
  it('every occurrence is inside every member\'s hours (luxon-checked), whatever weeks the zones change DST', () => {
    fc.assert(fc.property(arbRequest, (r) => {
      const plan = findSlot(r);
      if (!plan) return;
      expect(plan.occurrences).toHaveLength(r.sessionCount);
      for (const o of plan.occurrences) {
        expect(o.end - o.start).toBe(r.sessionMinutes * 60_000);
        for (const m of r.members) expect(insideByLuxon(m.zone, r.hours, o.start, o.end)).toBe(true);
      }
      // Occurrences not moved keep the series' local rule in its zone.
      for (const o of plan.occurrences.filter((x) => !x.moved)) {
        const local = DateTime.fromMillis(o.start, { zone: plan.zone });
        expect(local.weekday * 10_000 + local.hour * 60 + local.minute).toBe(plan.weekday * 10_000 + plan.startMinute);
      }
    }), { numRuns: 150 });
  });

  it('never misses a slot a fixed UTC time would give, and never has more clashes than one', () => {
    fc.assert(fc.property(arbRequest, (r) => {
      const plan = findSlot(r);
      const brute = fixedUtcSlots(r);
      if (brute.length > 0) {
        expect(plan).not.toBeNull();
        expect(plan!.conflicts).toBeLessThanOrEqual(Math.min(...brute.map((b) => b.conflicts)));
      }
    }), { numRuns: 10 });
  }, 60_000);
});
