import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN, calendarApi } from '../../src/google/auth.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { answerRetro, DAY, seedConfirmedWave, tick, WEEK } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock('2026-03-13T09:00:00Z');
  rt = await startTestRuntime({ clock });
});
afterEach(async () => rt.stop());

describe("a continued pod's new round", () => {
  it('gets its own calendar series in Google: the chosen cadence, the session count, the members who stay, hosting rotated', async () => {
    const { rounds } = await seedConfirmedWave(rt, { pods: { Alpha: 5 }, startWeek: '2026-03-16' });
    const [a] = rounds;
    // Round 1 has its weekly series (booked at confirmation; written here through the Calendar API).
    const api = calendarApi(rt.google, SANDBOX_ADMIN);
    const first = await api.events.insert({
      calendarId: SANDBOX_ADMIN,
      requestBody: {
        summary: 'Pod Alpha', recurrence: ['RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=6'],
        start: { dateTime: a!.sessions[0]!.toISOString(), timeZone: 'Europe/London' },
        end: { dateTime: new Date(a!.sessions[0]!.getTime() + 3_600_000).toISOString(), timeZone: 'Europe/London' },
        attendees: a!.members.map((m) => ({ email: m.email })),
      },
    });
    await rt.db.updateTable('pod').set({ calendar_event_id: first.data.id! }).where('id', '=', a!.podId).execute();

    clock.set(new Date(a!.sessions.at(-1)!.getTime() + 60_000));
    await tick(rt, 3);
    const [p0, p1, p2, p3, p4] = a!.members;
    for (const p of [p0, p1, p2]) await answerRetro(rt, p!, a!.podId, { continue: 'continue', cadence_next: 'fortnightly' });
    await answerRetro(rt, p3!, a!.podId, { continue: 'continue' });
    await answerRetro(rt, p4!, a!.podId, { continue: 'close' });
    await rt.drain();
    await tick(rt);

    const next = await rt.db.selectFrom('pod').selectAll().where('previous_pod_id', '=', a!.podId).executeTakeFirstOrThrow();
    expect(next).toMatchObject({ round: 2, settings: { cadenceWeeks: 2 }, calendar_state: 'booked' });
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', next.id).orderBy('index').execute();
    expect(sessions).toHaveLength(6);
    for (let i = 1; i < sessions.length; i++) {
      expect(Math.abs(sessions[i]!.starts_at.getTime() - sessions[i - 1]!.starts_at.getTime() - 2 * WEEK)).toBeLessThanOrEqual(3_600_000);
    }
    expect(sessions[0]!.starts_at.getTime()).toBeGreaterThan(a!.sessions.at(-1)!.getTime() + DAY);
    // Hosting carries on from the seat after round 1's last host (p0 hosted session 6 of 5 members).
    expect(sessions[0]!.facilitator_id).toBe(p1!.personId);
    expect(new Set(sessions.slice(0, 4).map((s) => s.facilitator_id))).toEqual(new Set([p0, p1, p2, p3].map((p) => p!.personId)));

    // Google now has two recurring series: round 1's weekly one, and the new round's, every two weeks.
    const events = rt.googleEmulator.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled' && e.recurrence?.length);
    expect(events).toHaveLength(2);
    expect(rt.googleEmulator.duplicates()).toEqual([]);
    const series = events.find((e) => e.id === next.calendar_event_id)!;
    expect(series).toBeDefined();
    expect(series.id).not.toBe(first.data.id);
    expect(series.recurrence).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6']);
    expect(series.attendees!.map((x) => x.email).sort()).toEqual([p0, p1, p2, p3].map((p) => p!.email).sort());
    expect(series.summary).toContain('round 2');
    // Its occurrences are the new round's session rows.
    const instances = (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId: series.id! })).data.items ?? [];
    expect(instances.map((i) => Date.parse(i.start!.dateTime!))).toEqual(sessions.map((s) => s.starts_at.getTime()));
  });
});
