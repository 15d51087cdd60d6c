import { describe, expect, it } from 'vitest';
import { insideWindow, localWeekStart, nextInsideWindow, QUIET_HOURS_WINDOW as W } from '../../../src/core/nudges/window.ts';

const iso = (d: Date | undefined) => d?.toISOString();

describe('quiet hours in each person\'s own zone', () => {
  it('08:00 local is allowed, 07:59 and 19:00 are not', () => {
    expect(insideWindow(new Date('2026-03-04T07:00:00Z'), 'Europe/Berlin', W)).toBe(true);
    expect(insideWindow(new Date('2026-03-04T06:59:00Z'), 'Europe/Berlin', W)).toBe(false);
    expect(insideWindow(new Date('2026-03-04T18:00:00Z'), 'Europe/Berlin', W)).toBe(false);
  });
  it('a Friday evening in New York waits for Monday 08:00 there', () => {
    expect(iso(nextInsideWindow(new Date('2026-03-07T00:30:00Z'), 'America/New_York', W))).toBe('2026-03-09T12:00:00.000Z');
  });
  it('on the day London springs forward the window is still 08:00 local (set, not added)', () => {
    const sunday = { ...W, days: [7] };
    // 29 March 2026: clocks go 01:00 → 02:00 GMT→BST; 08:00 BST is 07:00 UTC.
    expect(iso(nextInsideWindow(new Date('2026-03-29T00:00:00Z'), 'Europe/London', sunday))).toBe('2026-03-29T07:00:00.000Z');
  });
  it('Auckland is already in Tuesday while UTC is in Monday', () => {
    expect(insideWindow(new Date('2026-03-02T20:00:00Z'), 'Pacific/Auckland', W)).toBe(true); // Tue 09:00 NZDT
  });
  it('weeks start on local Monday midnight', () => {
    expect(iso(localWeekStart(new Date('2026-03-08T12:00:00Z'), 'Asia/Kolkata'))).toBe('2026-03-01T18:30:00.000Z');
    expect(iso(localWeekStart(new Date('2026-03-08T20:00:00Z'), 'Asia/Kolkata'))).toBe('2026-03-08T18:30:00.000Z');
  });
  it('a window with no days has no next instant', () => {
    expect(nextInsideWindow(new Date('2026-03-04T07:00:00Z'), 'UTC', { ...W, days: [] })).toBeUndefined();
  });
});
