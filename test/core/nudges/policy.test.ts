import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideNudge, type PolicyRecipient, type PolicyRequest } from '../../../src/core/nudges/policy.ts';
import { insideWindow, localWeekStart, nextInsideWindow, nextLocalWeekStart, QUIET_HOURS_WINDOW } from '../../../src/core/nudges/window.ts';

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Tokyo', 'Europe/Berlin'];
const T0 = Date.parse('2026-03-01T00:00:00Z'); // spans the March DST changes in Europe and the US
const instant = fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => new Date(T0 + m * 60_000));
const recipient = (id: number) => fc.record({
  personId: fc.constant(`p${id}`),
  zone: fc.constantFrom(...ZONES),
  status: fc.constantFrom('active', 'active', 'active', 'paused', 'left') as fc.Arbitrary<PolicyRecipient['status']>,
});
const recipients = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => recipient(i))));
const booked = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), instant), { maxLength: 12 }).map((pairs) => {
  const map = new Map<string, Date[]>();
  for (const [i, at] of pairs) map.set(`p${i}`, [...(map.get(`p${i}`) ?? []), at]);
  return map;
});
const request = fc.record({
  plannedAt: instant,
  nowOffset: fc.integer({ min: -3 * 1440, max: 1440 }),
  staleAfter: fc.option(fc.integer({ min: 1, max: 20 * 1440 }), { nil: null }),
  counts: fc.boolean(),
}).map(({ plannedAt, nowOffset, staleAfter, counts }): PolicyRequest => ({
  kind: 'reminder', plannedAt, counts,
  now: new Date(plannedAt.getTime() + nowOffset * 60_000),
  staleAt: staleAfter === null ? null : new Date(plannedAt.getTime() + staleAfter * 60_000),
}));
const cap = fc.integer({ min: 1, max: 4 });

const inWeek = (dates: readonly Date[] | undefined, at: Date, zone: string) =>
  (dates ?? []).filter((d) => d >= localWeekStart(at, zone) && d < nextLocalWeekStart(at, zone)).length;

describe('respect policy (properties)', () => {
  it('a nudge that goes, goes inside every recipient\'s window, under their cap, never early, never stale, never to the paused or departed', () => {
    fc.assert(fc.property(recipients, request, cap, booked, (rs, req, weeklyCap, b) => {
      const d = decideNudge(rs, req, { weeklyCap }, b);
      const active = rs.filter((r) => r.status === 'active');
      expect(d.excluded.map((e) => e.personId).sort()).toEqual(rs.filter((r) => r.status !== 'active').map((r) => r.personId).sort());
      if (d.outcome === 'drop') {
        if (active.length === 0) expect(['paused', 'left']).toContain(d.reason);
        return;
      }
      expect(d.recipients.sort()).toEqual(active.map((r) => r.personId).sort());
      expect(d.at.getTime()).toBeGreaterThanOrEqual(Math.max(req.plannedAt.getTime(), req.now.getTime()));
      if (req.staleAt) expect(d.at.getTime()).toBeLessThan(req.staleAt.getTime());
      for (const r of active) {
        expect(insideWindow(d.at, r.zone, QUIET_HOURS_WINDOW)).toBe(true);
        if (req.counts) expect(inWeek(b.get(r.personId), d.at, r.zone)).toBeLessThan(weeklyCap);
      }
      expect(d.moved.length === 0).toBe(d.at.getTime() === Math.max(req.plannedAt.getTime(), req.now.getTime()));
    }), { numRuns: 400 });
  });

  it('for one person with room under the cap, the nudge goes at the very first allowed instant', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, plannedAt) => {
      const d = decideNudge([{ personId: 'p', zone, status: 'active' }], { kind: 'prompt', plannedAt, now: plannedAt, staleAt: null, counts: true }, { weeklyCap: 3 }, new Map());
      expect(d.outcome === 'send' && d.at.toISOString()).toBe(nextInsideWindow(plannedAt, zone, QUIET_HOURS_WINDOW)!.toISOString());
    }), { numRuns: 200 });
  });

  it('a stale drop happens only when the first allowed instant is at or past the stale time', () => {
    fc.assert(fc.property(recipients, request, cap, booked, (rs, req, weeklyCap, b) => {
      const d = decideNudge(rs, req, { weeklyCap }, b);
      if (d.outcome !== 'drop' || d.reason !== 'stale') return;
      const relaxed = decideNudge(rs, { ...req, staleAt: null }, { weeklyCap }, b);
      if (relaxed.outcome === 'send') expect(relaxed.at.getTime()).toBeGreaterThanOrEqual(req.staleAt!.getTime());
    }), { numRuns: 300 });
  });

  it('is deterministic', () => {
    fc.assert(fc.property(recipients, request, cap, booked, (rs, req, weeklyCap, b) => {
      expect(decideNudge(rs, req, { weeklyCap }, b)).toEqual(decideNudge(rs, req, { weeklyCap }, b));
    }), { numRuns: 100 });
  });
});

describe('respect policy (examples)', () => {
  const at = (s: string) => new Date(s);
  const ask = (plannedAt: string, extra: Partial<PolicyRequest> = {}): PolicyRequest => ({ kind: 'reminder', plannedAt: at(plannedAt), now: at(plannedAt), staleAt: null, counts: true, ...extra });

  it('a 3-zone pod gets one instant that suits all three, or nothing', () => {
    const pod: PolicyRecipient[] = [
      { personId: 'london', zone: 'Europe/London', status: 'active' },
      { personId: 'ny', zone: 'America/New_York', status: 'active' },
      { personId: 'kolkata', zone: 'Asia/Kolkata', status: 'active' },
    ];
    // 09:00 UTC: 04:00 in New York. New York's 08:00 is 13:00 UTC (EST), 18:30 in Kolkata: all inside.
    const d = decideNudge(pod, ask('2026-03-03T09:00:00Z'), { weeklyCap: 3 }, new Map());
    expect(d).toMatchObject({ outcome: 'send', at: at('2026-03-03T13:00:00Z'), moved: ['quiet_hours'] });
    // After New York springs forward (8 March) its 08:00 is 12:00 UTC.
    const after = decideNudge(pod, ask('2026-03-10T09:00:00Z'), { weeklyCap: 3 }, new Map());
    expect(after).toMatchObject({ outcome: 'send', at: at('2026-03-10T12:00:00Z') });
    // A reminder for a session at 10:00 UTC that New York cannot receive in time is dropped.
    expect(decideNudge(pod, ask('2026-03-03T09:00:00Z', { staleAt: at('2026-03-03T10:00:00Z') }), { weeklyCap: 3 }, new Map()))
      .toMatchObject({ outcome: 'drop', reason: 'stale', moved: ['quiet_hours'] });
  });

  it('the fourth counted nudge of a week moves to the next week; uncounted ones and replies are not held back', () => {
    const me: PolicyRecipient[] = [{ personId: 'p', zone: 'Europe/Berlin', status: 'active' }];
    const week = new Map([['p', [at('2026-03-02T09:00:00Z'), at('2026-03-03T09:00:00Z'), at('2026-03-04T09:00:00Z')]]]);
    expect(decideNudge(me, ask('2026-03-05T09:00:00Z'), { weeklyCap: 3 }, week)).toMatchObject({ outcome: 'send', at: at('2026-03-09T07:00:00Z'), moved: ['weekly_cap', 'quiet_hours'] });
    expect(decideNudge(me, ask('2026-03-05T09:00:00Z'), { weeklyCap: 4 }, week)).toMatchObject({ outcome: 'send', at: at('2026-03-05T09:00:00Z'), moved: [] });
    expect(decideNudge(me, ask('2026-03-05T09:00:00Z', { counts: false }), { weeklyCap: 3 }, week)).toMatchObject({ outcome: 'send', moved: [] });
    expect(decideNudge(me, ask('2026-03-05T22:00:00Z', { kind: 'reply' }), { weeklyCap: 3 }, week)).toMatchObject({ outcome: 'send', at: at('2026-03-05T22:00:00Z') });
  });

  it('paused and departed people are left out; with nobody left the nudge is dropped', () => {
    const d = decideNudge([
      { personId: 'a', zone: 'UTC', status: 'active' }, { personId: 'b', zone: 'UTC', status: 'paused' },
    ], ask('2026-03-03T09:00:00Z'), { weeklyCap: 3 }, new Map());
    expect(d).toMatchObject({ outcome: 'send', recipients: ['a'], excluded: [{ personId: 'b', reason: 'paused' }] });
    expect(decideNudge([{ personId: 'b', zone: 'UTC', status: 'left' }], ask('2026-03-03T09:00:00Z'), { weeklyCap: 3 }, new Map()))
      .toMatchObject({ outcome: 'drop', reason: 'left' });
  });

  it('a Saturday nudge waits for Monday, or for Sunday where Sunday is a working day', () => {
    expect(decideNudge([{ personId: 'p', zone: 'UTC', status: 'active' }], ask('2026-03-07T10:00:00Z'), { weeklyCap: 3 }, new Map()))
      .toMatchObject({ at: at('2026-03-09T08:00:00Z'), moved: ['weekend'] });
    expect(decideNudge([{ personId: 'p', zone: 'Asia/Jerusalem', status: 'active', days: [7, 1, 2, 3, 4] }], ask('2026-03-07T10:00:00Z'), { weeklyCap: 3 }, new Map()))
      .toMatchObject({ at: at('2026-03-08T06:00:00Z') });
  });
});
