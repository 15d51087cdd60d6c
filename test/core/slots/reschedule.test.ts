import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localOf, rescheduleOptions, weekdayOf, type SlotMember, type SlotRequest, type WorkingWindow } from '../../../src/core/slots/index.ts';

const HOURS: WorkingWindow = { startMinute: 9 * 60, endMinute: 17 * 60, days: [1, 2, 3, 4, 5] };

function insideByLuxon(zone: string, start: number, end: number): boolean {
  const s = DateTime.fromMillis(start, { zone });
  const e = DateTime.fromMillis(end, { zone });
  return HOURS.days.includes(s.weekday) && s.hour * 60 + s.minute >= HOURS.startMinute && e.hasSame(s, 'day') && e.hour * 60 + e.minute <= HOURS.endMinute;
}

describe('reschedule options (the rest of a commitment, from now on)', () => {
  const zones = fc.constantFrom('Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Chicago');
  it('are at most three real alternatives to the current rule and each other, inside everyone\'s hours every week, numbered from the first moved session', () => {
    fc.assert(fc.property(fc.array(zones, { minLength: 2, maxLength: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 20 * 24 }), (memberZones, left, hoursIn) => {
      const members: SlotMember[] = memberZones.map((zone, i) => ({ id: `m${i}`, zone }));
      // Now: some hour in the three weeks around Europe's and America's March changes.
      const now = Date.parse('2026-03-02T00:00:00Z') + hoursIn * 3_600_000;
      const req: SlotRequest = {
        members, hours: HOURS, sessionMinutes: 60, cadenceWeeks: 1, sessionCount: left, notBefore: now,
        firstWeek: DateTime.fromMillis(now, { zone: 'utc' }).startOf('week').toISODate()!,
      };
      const current = { zone: 'Europe/London', weekday: 2, startMinute: 14 * 60 };
      const options = rescheduleOptions(req, 6 - left, current);
      expect(options.length).toBeLessThanOrEqual(3);
      const firsts = options.map((o) => {
        const l = localOf(current.zone, o.occurrences[0]!.start);
        return { weekday: weekdayOf(l.day), minute: l.minute };
      });
      for (const [i, o] of options.entries()) {
        expect(o.occurrences.map((x) => x.index)).toEqual(Array.from({ length: left }, (_, k) => 6 - left + k));
        expect(o.occurrences[0]!.start).toBeGreaterThanOrEqual(now);
        for (const x of o.occurrences) for (const m of members) expect(insideByLuxon(m.zone, x.start, x.end)).toBe(true);
        const f = firsts[i]!;
        expect(f.weekday === current.weekday && Math.abs(f.minute - current.startMinute) < 60).toBe(false);
        for (const g of firsts.slice(0, i)) expect(g.weekday === f.weekday && Math.abs(g.minute - f.minute) < 60).toBe(false);
      }
    }), { numRuns: 40 });
  });

  it('a London and Berlin pod gets three options when its hours overlap all week', () => {
    const members = [{ id: 'a', zone: 'Europe/London' }, { id: 'b', zone: 'Europe/Berlin' }];
    const now = Date.parse('2026-03-18T12:00:00Z');
    const options = rescheduleOptions({ members, hours: HOURS, sessionMinutes: 60, cadenceWeeks: 1, sessionCount: 4, notBefore: now, firstWeek: '2026-03-16' }, 2, null);
    expect(options).toHaveLength(3);
    expect(options[0]!.occurrences[0]!.start).toBeGreaterThanOrEqual(now);
  });
});
