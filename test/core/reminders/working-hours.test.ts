import { describe, expect, it } from 'vitest';
import { nextWorkingInstant, reminderDueAt } from '../../../src/core/reminders/working-hours.ts';

const hours = { startMinute: 9 * 60, endMinute: 17 * 60, days: [1, 2, 3, 4, 5] };
const iso = (d: Date) => d.toISOString();

describe('reminder time: 48 h later, inside the person\'s own working hours', () => {
  it('keeps an instant already inside working hours', () => {
    expect(iso(reminderDueAt(new Date('2026-03-03T10:00:00Z'), 'Europe/London', hours))).toBe('2026-03-05T10:00:00.000Z');
  });
  it('moves an evening instant to the next morning', () => {
    expect(iso(reminderDueAt(new Date('2026-03-02T18:00:00Z'), 'Europe/London', hours))).toBe('2026-03-05T09:00:00.000Z');
  });
  it('skips the weekend, after New York moved to daylight time (09:00 EDT = 13:00 UTC)', () => {
    expect(iso(reminderDueAt(new Date('2026-03-06T20:00:00Z'), 'America/New_York', hours))).toBe('2026-03-09T13:00:00.000Z');
  });
  it('uses 09:00 BST (08:00 UTC) on the Monday after London changes its clocks', () => {
    expect(iso(reminderDueAt(new Date('2026-03-27T12:00:00Z'), 'Europe/London', hours))).toBe('2026-03-30T08:00:00.000Z');
  });
  it('works in zones ahead of UTC: 09:00 JST is midnight UTC', () => {
    expect(iso(nextWorkingInstant(new Date('2026-03-03T22:30:00Z'), 'Asia/Tokyo', hours))).toBe('2026-03-04T00:00:00.000Z');
  });
  it('before opening time waits for the opening', () => {
    expect(iso(nextWorkingInstant(new Date('2026-03-04T06:00:00Z'), 'Europe/Berlin', hours))).toBe('2026-03-04T08:00:00.000Z');
  });
  it('an unknown zone falls back to UTC rather than never', () => {
    expect(iso(nextWorkingInstant(new Date('2026-03-04T06:00:00Z'), 'Mars/Olympus', hours))).toBe('2026-03-04T09:00:00.000Z');
  });
});
