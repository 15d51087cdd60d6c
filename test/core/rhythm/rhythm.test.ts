import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUIDE, DEFAULT_GUIDE_TEXT, guideLines, practiceFor, scaleGuide } from '../../../src/core/rhythm/guide.ts';
import { needsAttention, nextFacilitator, promptAt } from '../../../src/core/rhythm/timing.ts';

const hours = { startMinute: 540, endMinute: 1020, days: [1, 2, 3, 4, 5] };

describe('facilitation guide', () => {
  it('the stored default reads back as the six practices', () => {
    expect(guideLines(DEFAULT_GUIDE_TEXT)).toEqual([...DEFAULT_GUIDE]);
    expect(guideLines('')).toEqual([...DEFAULT_GUIDE]);
  });
  it('scales to any session count: first opens, last is the retrospective, nothing lost when there is room', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 52 }), (n) => {
      const s = scaleGuide(DEFAULT_GUIDE, n);
      expect(s).toHaveLength(n);
      expect(s[0]).toBe(DEFAULT_GUIDE[0]);
      expect(s.at(-1)).toBe(DEFAULT_GUIDE.at(-1));
      if (n >= 6) expect(new Set(s).size).toBe(6);
    }));
    expect(scaleGuide(DEFAULT_GUIDE, 6)).toEqual([...DEFAULT_GUIDE]);
    expect(scaleGuide(DEFAULT_GUIDE, 4).map((p) => DEFAULT_GUIDE.indexOf(p))).toEqual([0, 1, 3, 5]);
    expect(scaleGuide(DEFAULT_GUIDE, 1)[0]).toContain('closing retrospective');
  });
  it('a lead\'s own guide is used line by line', () => {
    expect(practiceFor('1: Hello\n2. Deep dive\n\nBye', 3, 1)).toBe('Deep dive');
  });
});

describe('rhythm timing', () => {
  it('prompts the working day before, an hour into the facilitator\'s hours, in their zone', () => {
    // A Wednesday 15:00 UTC session: Tuesday 10:00 in Kolkata is 04:30 UTC.
    expect(promptAt(new Date('2026-03-04T15:00:00Z'), 'Asia/Kolkata', hours).toISOString()).toBe('2026-03-03T04:30:00.000Z');
    // A Monday session is prompted on Friday; New York changed to EDT on the Sunday between.
    expect(promptAt(new Date('2026-03-09T14:00:00Z'), 'America/New_York', hours).toISOString()).toBe('2026-03-06T15:00:00.000Z');
  });
  it('two skipped or unknown sessions in a row need attention; a moved one does not break the run', () => {
    expect(needsAttention(['met', 'skipped', 'unknown'])).toBe(true);
    expect(needsAttention(['skipped', 'met', 'skipped'])).toBe(false);
    expect(needsAttention(['skipped', 'moved', 'skipped'])).toBe(true);
    expect(needsAttention(['skipped'])).toBe(false);
  });
  it('a swapped turn goes to the next active member in seat order', () => {
    const m = [{ personId: 'a', seat: 0, active: true }, { personId: 'b', seat: 1, active: false }, { personId: 'c', seat: 2, active: true }];
    expect(nextFacilitator(m, 'a')?.personId).toBe('c');
    expect(nextFacilitator(m, 'c')?.personId).toBe('a');
    expect(nextFacilitator([{ personId: 'a', seat: 0, active: true }], 'a')).toBeUndefined();
  });
});
