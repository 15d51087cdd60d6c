import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freeBusyRequestCount, freeBusyWindows, membersWithBusy } from '../../src/calendar/free-busy.service.ts';
import type { GoogleConnection } from '../../src/google/auth.ts';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';

const ORGANISER = 'pods@acme.test';
const DAY = 86_400_000;
let emulator: GoogleEmulator;
let google: GoogleConnection;

beforeEach(async () => {
  emulator = await startGoogleEmulator({ now: () => Date.parse('2026-03-01T00:00:00Z') });
  google = { mode: 'sandbox', rootUrl: emulator.rootUrl };
});
afterEach(async () => emulator.close());

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, email: `p${i}@acme.test`, zone: 'Europe/London' }));

describe('free/busy over a whole commitment (real googleapis client against the emulator)', () => {
  it('reads a fortnightly × 12 commitment (24 weeks) in ≤ 90-day windows, ≤ 50 calendars per request, the fewest requests', async () => {
    const everyone = people(120);
    const from = new Date('2026-03-02T00:00:00Z');
    const to = new Date(from.getTime() + 24 * 7 * DAY);
    // A clash in the last month of the commitment, beyond the first 90 days.
    const late = { start: new Date(from.getTime() + 160 * DAY), end: new Date(from.getTime() + 160 * DAY + 3_600_000) };
    for (const p of everyone) emulator.calendars.seedBusy(p.email, [{ start: new Date(from.getTime() + DAY), end: new Date(from.getTime() + DAY + 3_600_000) }, late]);
    const result = await membersWithBusy(google, ORGANISER, everyone, from, to);

    const calls = emulator.log.calls('calendar.freebusy.query');
    expect(calls.every((c) => c.status === 200)).toBe(true);
    // Google's limits: ≤ 50 calendars, ≤ 90 days (the emulator refuses longer: timeRangeTooLong).
    for (const c of calls) {
      const body = c.body as { items: unknown[]; timeMin: string; timeMax: string };
      expect(body.items.length).toBeLessThanOrEqual(50);
      expect(Date.parse(body.timeMax) - Date.parse(body.timeMin)).toBeLessThanOrEqual(90 * DAY);
    }
    expect(freeBusyWindows(from, to)).toHaveLength(2);
    expect(calls).toHaveLength(6); // 3 batches of calendars × 2 windows
    expect(result.requests).toBe(freeBusyRequestCount(120, from, to));
    expect(result.read).toBe(true);
    for (const p of everyone) {
      expect(result.members.get(p.id)!.busy!.map((b) => b.start)).toEqual([from.getTime() + DAY, late.start.getTime()]);
    }
  });

  it('the emulator refuses a single request longer than Google allows, so the chunking is needed', async () => {
    const from = new Date('2026-03-02T00:00:00Z');
    const { calendarApi } = await import('../../src/google/auth.ts');
    const refused = await calendarApi(google, ORGANISER).freebusy.query({ requestBody: {
      timeMin: from.toISOString(), timeMax: new Date(from.getTime() + 168 * DAY).toISOString(), items: [{ id: 'p0@acme.test' }],
    } }).catch((e: { status?: number }) => e);
    expect((refused as { status?: number }).status).toBe(400);
    expect(emulator.log.calls('calendar.freebusy.query').at(-1)!.reason).toBe('timeRangeTooLong');
  });

  it('a calendar the organiser may not read (owner hid it, or not in the domain) is unreadable; one shared with the organiser is read', async () => {
    const [open, hidden, shared, outside] = people(4);
    emulator.calendars.seedBusy(open!.email, [{ start: '2026-03-03T10:00:00Z', end: '2026-03-03T11:00:00Z' }]);
    emulator.calendars.seedBusy(hidden!.email, [{ start: '2026-03-03T10:00:00Z', end: '2026-03-03T11:00:00Z' }]);
    emulator.calendars.seedBusy(shared!.email, [{ start: '2026-03-03T12:00:00Z', end: '2026-03-03T13:00:00Z' }]);
    emulator.calendars.restrictFreeBusy(hidden!.email);
    emulator.calendars.restrictFreeBusy(shared!.email);
    emulator.calendars.share(shared!.email, ORGANISER, 'freeBusyReader');
    const result = await membersWithBusy(google, ORGANISER, [open!, hidden!, shared!, outside!], new Date('2026-03-02T00:00:00Z'), new Date('2026-04-13T00:00:00Z'));
    const answer = emulator.log.calls('calendar.freebusy.query')[0]!;
    expect(answer.status).toBe(200);
    expect(result.members.get(open!.id)).toMatchObject({ busy: [{ start: Date.parse('2026-03-03T10:00:00Z') }] });
    expect(result.members.get(hidden!.id)).toEqual({ id: hidden!.id, zone: 'Europe/London', unreadable: true });
    expect(result.members.get(shared!.id)).toMatchObject({ busy: [{ start: Date.parse('2026-03-03T12:00:00Z') }] });
    expect(result.members.get(outside!.id)).toEqual({ id: outside!.id, zone: 'Europe/London', unreadable: true });
  });

  it('a quota storm (429s and 403 rateLimitExceeded) is waited out with backoff; nothing is read as unreadable', async () => {
    const everyone = people(60);
    let fakeNow = Date.parse('2026-03-01T00:00:00Z');
    const waits: number[] = [];
    // A virtual sleep: the emulator's quota window moves with it.
    await emulator.close();
    emulator = await startGoogleEmulator({ now: () => fakeNow });
    google = { mode: 'sandbox', rootUrl: emulator.rootUrl };
    for (const p of everyone) emulator.calendars.seedBusy(p.email, [{ start: '2026-03-03T10:00:00Z', end: '2026-03-03T11:00:00Z' }]);
    emulator.faults.inject('calendar.freebusy.query', '429', 3, 2);
    emulator.modes.limitMethod('calendar.freebusy.query', 1);
    const result = await membersWithBusy(google, ORGANISER, everyone, new Date('2026-03-02T00:00:00Z'), new Date('2026-04-13T00:00:00Z'), {
      sleep: async (ms) => { waits.push(ms); fakeNow += ms; },
    });
    const calls = emulator.log.calls('calendar.freebusy.query');
    expect(calls.filter((c) => c.status === 429)).toHaveLength(3);
    expect(calls.filter((c) => c.reason === 'rateLimitExceeded' && c.status === 403).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(2);
    expect(waits.slice(0, 3).every((w) => w >= 2_000)).toBe(true); // Retry-After honoured
    expect([...result.members.values()].every((m) => m.busy?.length === 1 && !m.unreadable)).toBe(true);
  });

  it('when no request is answered within the wait budget, slot finding falls back to working hours (nobody is marked)', async () => {
    const everyone = people(60);
    for (const p of everyone) emulator.calendars.seedBusy(p.email, []);
    emulator.faults.inject('calendar.freebusy.query', '500', 20);
    let calls = 0;
    const result = await membersWithBusy(google, ORGANISER, everyone.slice(0, 50), new Date('2026-03-02T00:00:00Z'), new Date('2026-04-13T00:00:00Z'), {
      sleep: async () => { calls++; }, maxWaitMs: 5_000,
    });
    expect(calls).toBeGreaterThan(0);
    expect(result.read).toBe(false);
    expect([...result.members.values()].every((m) => !m.unreadable && !m.busy)).toBe(true);
  });
});
