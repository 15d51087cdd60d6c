import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { calendar_v3 } from 'googleapis';
import { SANDBOX_ADMIN, calendarApi } from '../../src/google/auth.ts';
import { syncSeriesAttendees } from '../../src/calendar/membership.service.ts';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { leaveProgramme } from '../../src/roster/membership.service.ts';
import { onPeopleLeft } from '../../src/waves/leavers.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from '../waves/support.ts';
import { deliverHeldIntros } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Europe/Helsinki'];

async function membersOf(podId: string) {
  return rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.id', 'person.email', 'pod_member.left_at']).where('pod_id', '=', podId).orderBy('seat').execute();
}

async function instancesOf(eventId: string): Promise<calendar_v3.Schema$Event[]> {
  const api = calendarApi(rt.google, SANDBOX_ADMIN);
  return (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId })).data.items ?? [];
}

function eventOn(calendar: string, eventId: string) {
  return rt.googleEmulator.calendars.events(calendar).find((e) => e.id === eventId);
}

async function deliverAll(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    await reconcile(rt);
    await rt.drain(90_000);
  }
}

describe('the calendar follows the pod: leavers, newcomers, backfills, early close, unreadable calendars', () => {
  let pods: { id: string; calendar_event_id: string | null }[];
  let restricted: Seeded;
  let backfillWave: string;
  let newcomer: Seeded;
  let decliner: Seeded;

  it('books both waves; a calendar the organiser may not read is counted free and noted on the pod', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Design: 2, Sales: 2, Support: 2, Platform: 2 }, ZONES);
    for (const p of people) rt.googleEmulator.calendars.seedBusy(p.email, [{ start: '2026-03-16T00:00:00Z', end: '2026-03-17T00:00:00Z' }]);
    // Its owner stopped sharing free/busy with the domain: Google answers notFound for it.
    restricted = people[1]!;
    rt.googleEmulator.calendars.restrictFreeBusy(restricted.email);
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    for (const p of people) await answer(rt, p, 'invite_accept');

    // A second wave of 11 (two pods of 5, one unplaced): a decline is backfilled before the deadline.
    const more = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 }, ZONES);
    for (const p of more) rt.googleEmulator.calendars.seedBusy(p.email, []);
    const moreTeams = await rt.db.selectFrom('team').select('id').where('name', 'in', ['Alpha', 'Beta', 'Gamma', 'Delta']).execute();
    ({ waveId: backfillWave } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: moreTeams.map((t) => t.id) }));
    const unplaced = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', backfillWave).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    newcomer = more.find((p) => p.personId === unplaced.person_id)!;
    decliner = more.find((p) => p.personId !== newcomer.personId)!;
    await answer(rt, decliner, 'invite_not_this_time');
    await rt.drain(90_000);
    for (const p of more.filter((x) => x !== decliner)) await answer(rt, p, 'invite_accept');
    await rt.drain(90_000);

    clock.set(`${DEADLINE}T17:00:01Z`);
    await deliverAll();
    // Friday 19:00 in Helsinki: a pod with a member there hears on Monday, inside every member's
    // hours (recorded); a pod whose members are all still at work hears now.
    const intros = await rt.db.selectFrom('nudge').select(['state', 'reason', 'send_at']).where('kind', '=', 'pod_intro').where('key', 'like', 'pod/%/intro').execute();
    expect(intros.filter((n) => n.state === 'planned').length).toBeGreaterThan(0);
    expect(intros.every((n) => n.state === 'sent' || (n.state === 'planned' && n.reason === 'quiet_hours' && n.send_at!.getUTCDay() === 1))).toBe(true);
    await deliverHeldIntros(rt, clock);
    expect(await rt.db.selectFrom('nudge').select(['state', 'reason', 'send_at']).where('kind', '=', 'pod_intro').where('state', '<>', 'sent').execute()).toEqual([]);
    pods = await rt.db.selectFrom('pod').select(['id', 'calendar_event_id']).where('wave_id', '=', waveId).orderBy('name').execute();
    expect(pods).toHaveLength(2);
    const withRestricted = await rt.db.selectFrom('pod').innerJoin('pod_member', 'pod_member.pod_id', 'pod.id').selectAll('pod')
      .where('pod_member.person_id', '=', restricted.personId).executeTakeFirstOrThrow();
    expect(withRestricted.slot!.unreadable).toEqual([restricted.personId]);
    expect(withRestricted.calendar_notes.find((n) => n.kind === 'unreadable')?.people).toEqual([restricted.personId]);
    expect(rt.googleEmulator.log.calls('calendar.freebusy.query').length).toBeGreaterThan(0);
    // Counted free inside working hours: still booked with them as an attendee, and the pod is told.
    expect(eventOn(SANDBOX_ADMIN, withRestricted.calendar_event_id!)!.attendees!.map((a) => a.email)).toContain(restricted.email);
    const intro = JSON.stringify(rt.slackEmulator.log.messages(withRestricted.slack_channel_id!).map((m) => m.blocks));
    expect(intro).toContain('could not be read');
  }, 180_000);

  it('a backfilled member is an attendee of the booked series; the person who declined is not', async () => {
    const pod = await rt.db.selectFrom('pod').innerJoin('pod_member', 'pod_member.pod_id', 'pod.id').selectAll('pod')
      .where('pod_member.person_id', '=', newcomer.personId).where('pod.wave_id', '=', backfillWave).executeTakeFirstOrThrow();
    expect(pod.calendar_state).toBe('booked');
    const emails = eventOn(SANDBOX_ADMIN, pod.calendar_event_id!)!.attendees!.map((a) => a.email);
    expect(emails).toContain(newcomer.email);
    expect(emails).not.toContain(decliner.email);
    expect(eventOn(newcomer.email, pod.calendar_event_id!)?.status).toBe('confirmed');
  });

  it('a leaver after two sessions is removed from the occurrences ahead only, through a quota storm (nothing lost, no attempt burnt)', async () => {
    const pod = pods[0]!;
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    const before = await membersOf(pod.id);
    const leaver = before.at(-1)!;
    const oldEvent = pod.calendar_event_id!;
    const meet = eventOn(SANDBOX_ADMIN, oldEvent)!.hangoutLink;
    expect(meet).toMatch(/^https:\/\/meet\.google\.com\//);
    // A quota storm: the project's minute is used up (403 rateLimitExceeded on every call), then
    // two patches answer 429.
    clock.set(new Date(sessions[1]!.starts_at.getTime() + 86_400_000).toISOString());
    rt.googleEmulator.quota.configure({ perProjectPerMinute: 1 });
    await calendarApi(rt.google, SANDBOX_ADMIN).events.get({ calendarId: SANDBOX_ADMIN, eventId: oldEvent });
    rt.googleEmulator.faults.inject('calendar.events.patch', '429', 2, 1);
    const limitedBefore = rt.googleEmulator.stats().rateLimited;
    await leaveProgramme(rt, leaver.id);
    await expect.poll(() => rt.googleEmulator.stats().rateLimited - limitedBefore, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    rt.googleEmulator.quota.configure({ perProjectPerMinute: 10_000 });
    await deliverAll();

    const series = await rt.db.selectFrom('calendar_series').selectAll().where('pod_id', '=', pod.id).orderBy('part').execute();
    expect(series.map((s) => [s.part, s.state])).toEqual([[0, 'ended'], [1, 'booked']]);
    const now = await rt.db.selectFrom('pod').select(['calendar_event_id', 'calendar_state', 'meet_url']).where('id', '=', pod.id).executeTakeFirstOrThrow();
    expect(now).toEqual({ calendar_event_id: series[1]!.event_id, calendar_state: 'booked', meet_url: meet });
    // The trimmed series keeps the two sessions that happened, with the leaver on them.
    const past = await instancesOf(oldEvent);
    expect(past).toHaveLength(2);
    expect(eventOn(SANDBOX_ADMIN, oldEvent)!.attendees!.map((a) => a.email)).toContain(leaver.email);
    expect(eventOn(leaver.email, oldEvent)?.status).toBe('confirmed');
    // The rest continues as a new series without them, with the same Meet link.
    const next = eventOn(SANDBOX_ADMIN, series[1]!.event_id)!;
    expect(next.attendees!.map((a) => a.email).sort()).toEqual(before.slice(0, -1).map((m) => m.email).sort());
    expect(next.hangoutLink).toBe(meet);
    const ahead = await instancesOf(series[1]!.event_id);
    expect(ahead.map((i) => Date.parse(i.start!.dateTime!))).toEqual(sessions.slice(2).map((s) => s.starts_at.getTime()));
    expect(eventOn(leaver.email, series[1]!.event_id)).toBeUndefined();
    const repointed = await rt.db.selectFrom('pod_session').select(['index', 'calendar_event_id']).where('pod_id', '=', pod.id).orderBy('index').execute();
    expect(repointed.map((s) => s.calendar_event_id)).toEqual([oldEvent, oldEvent, ...sessions.slice(2).map(() => series[1]!.event_id)]);
    expect(rt.googleEmulator.duplicates()).toEqual([]);
    // Nothing lost, no attempt burnt: every calendar write sent, each with the one attempt that worked.
    const rows = await rt.db.selectFrom('outbox').select(['idempotency_key', 'state', 'attempts']).where('kind', 'like', 'google.%')
      .where('idempotency_key', 'like', `pod/${pod.id}/series/%`).where('created_at', '>', new Date(Date.parse(`${DEADLINE}T18:00:00Z`))).execute();
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual([`pod/${pod.id}/series/0/end`, `pod/${pod.id}/series/1/insert`]);
    for (const r of rows) expect([r.idempotency_key, r.state, r.attempts]).toEqual([r.idempotency_key, 'sent', 1]);
    expect(rt.googleEmulator.stats().rateLimited - limitedBefore).toBeGreaterThanOrEqual(5);
  }, 180_000);

  it('a member joining a meeting pod is invited from the next occurrence on (the series splits again)', async () => {
    const pod = pods[0]!;
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    clock.set(new Date(sessions[2]!.starts_at.getTime() + 86_400_000).toISOString());
    await withOutbox(rt, async (trx, emit) => {
      await trx.insertInto('pod_member').values({ pod_id: pod.id, person_id: decliner.personId, seat: 4, joined_at: clock.now() }).execute();
      return syncSeriesAttendees(trx, emit, pod.id, clock.now());
    });
    await deliverAll();
    const series = await rt.db.selectFrom('calendar_series').selectAll().where('pod_id', '=', pod.id).orderBy('part').execute();
    expect(series.map((s) => s.state)).toEqual(['ended', 'ended', 'booked']);
    expect(await instancesOf(series[1]!.event_id)).toHaveLength(1);
    expect(eventOn(SANDBOX_ADMIN, series[2]!.event_id)!.attendees!.map((a) => a.email)).toContain(decliner.email);
    expect(eventOn(decliner.email, series[1]!.event_id)).toBeUndefined();
    expect((await instancesOf(series[2]!.event_id)).map((i) => Date.parse(i.start!.dateTime!))).toEqual(sessions.slice(3).map((s) => s.starts_at.getTime()));
  }, 120_000);

  it('a pod that falls below two members closes early: its series ends with UNTIL, no occurrence after', async () => {
    const pod = pods[1]!;
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    const now = new Date(sessions[3]!.starts_at.getTime() + 3_600_000 * 5);
    clock.set(now.toISOString());
    // Three of four gone from the directory at once (the roster sync's path): one left, no split.
    const members = await membersOf(pod.id);
    const gone = members.slice(1).map((m) => m.id);
    await rt.db.updateTable('person').set({ status: 'left', left_reason: 'departed' }).where('id', 'in', gone).execute();
    await withOutbox(rt, (trx, emit) => onPeopleLeft(trx, gone, now, emit));
    await deliverAll();
    const closed = await rt.db.selectFrom('pod').selectAll().where('id', '=', pod.id).executeTakeFirstOrThrow();
    expect([closed.status, closed.end_reason, closed.calendar_state]).toEqual(['closed', 'below_two_members', 'ended']);
    const master = eventOn(SANDBOX_ADMIN, pod.calendar_event_id!)!;
    expect(master.recurrence![0]).toMatch(/;UNTIL=\d{8}T\d{6}Z/);
    const left = await instancesOf(pod.calendar_event_id!);
    expect(left).toHaveLength(4);
    expect(left.every((i) => Date.parse(i.start!.dateTime!) < now.getTime())).toBe(true);
    const series = await rt.db.selectFrom('calendar_series').selectAll().where('pod_id', '=', pod.id).execute();
    expect(series.map((s) => [s.part, s.state])).toEqual([[0, 'ended']]);
    const cancelled = await rt.db.selectFrom('pod_session').select('status').where('pod_id', '=', pod.id).where('starts_at', '>', now).execute();
    expect(cancelled.length).toBe(2);
    expect(cancelled.every((s) => s.status === 'cancelled')).toBe(true);
  }, 120_000);
});
