import { describe, expect, it } from 'vitest';
import { bestRun, hasRun, localLabel, slotToUtcMinuteOfWeek, zoneAvailability } from '../../../src/core/matching/availability.ts';
import { matchPeople } from '../../../src/core/matching/match.ts';
import { resolveMatchSettings } from '../../../src/core/matching/types.ts';
import { verifyMatch } from '../../../src/core/matching/verify.ts';

// US clocks change on 9 March 2025, UK clocks on 30 March: for three weeks New York is 4 h behind London.
const march = resolveMatchSettings({ firstWeekStart: new Date('2025-03-03T12:00:00Z'), sessionCount: 6, maxIterations: 2000 });

describe('weekly availability across DST', () => {
  it('keeps only the UTC hours that are working hours in every week of the commitment', () => {
    const both = Uint32Array.from(zoneAvailability('America/New_York', march));
    const london = zoneAvailability('Europe/London', march);
    for (let w = 0; w < both.length; w++) both[w]! &= london[w]!;
    const run = bestRun(both, 4);
    // NY 09:00 is 14:00 UTC before 9 March and 13:00 after; London 17:00 is 17:00 UTC before 30 March, 16:00 after.
    expect(run).not.toBeNull();
    expect(slotToUtcMinuteOfWeek(run!.start) % 1440).toBe(14 * 60);
    expect(run!.length).toBe(8); // 14:00-16:00 UTC
  });

  it('a single week before the changes has the wider 14:00-17:00 overlap', () => {
    const oneWeek = { ...march, sessionCount: 1 };
    const both = Uint32Array.from(zoneAvailability('America/New_York', oneWeek));
    const london = zoneAvailability('Europe/London', oneWeek);
    for (let w = 0; w < both.length; w++) both[w]! &= london[w]!;
    expect(bestRun(both, 4)!.length).toBe(12);
  });

  it('labels a slot in each member\'s local time', () => {
    const ny = zoneAvailability('America/New_York', march);
    const run = bestRun(ny, 4)!;
    expect(localLabel(march, run.start, 'America/New_York')).toBe('Mon 09:00');
  });

  it('a pod spanning New York and London over the March change meets inside everyone\'s hours every week', () => {
    const people = ['America/New_York', 'Europe/London', 'America/New_York', 'Europe/London', 'Europe/London']
      .map((timezone, k) => ({ id: `p${k}`, team: `t${k}`, timezone }));
    const result = matchPeople({ people }, { ...march, sessionMinutes: 120 }, new Date('2025-03-01'));
    expect(result.pods).toHaveLength(1);
    expect(verifyMatch({ people }, { ...march, sessionMinutes: 120 }, result)).toEqual([]);
    // A 3-hour session fits every week on its own, but no one UTC slot fits all six weeks.
    const long = { ...march, sessionMinutes: 180 };
    const none = matchPeople({ people }, long, new Date('2025-03-01'));
    expect(none.pods).toHaveLength(0);
    expect(none.unplaced.map((u) => u.reason)).toEqual(Array(5).fill('no-compatible-group'));
  });

  it('Sydney and Auckland Monday mornings do not wrap around the end of the bitset', () => {
    const s = resolveMatchSettings({ firstWeekStart: new Date('2025-06-02T00:00:00Z') });
    for (const zone of ['Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu']) {
      const bits = zoneAvailability(zone, s);
      expect(hasRun(bits, 32)).toBe(true); // a full 8-hour day survives
      expect(bits[0]! & 1).toBe(0); // slot 0 (Sat 12:00 UTC) is nobody's working time
    }
  });
});
