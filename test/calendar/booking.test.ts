import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN, calendarApi } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, deliverHeldIntros, launchThroughSlack, seedLead, seedPeople, startWaveRuntime, type Seeded } from '../waves/support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

// Four zones; Europe changes its clocks on 29 March, in the middle of a commitment from 16 March.
const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Europe/Helsinki'];

function inside(zone: string, start: Date, end: Date): boolean {
  const s = DateTime.fromJSDate(start, { zone });
  const e = DateTime.fromJSDate(end, { zone });
  return s.weekday <= 5 && s.hour >= 9 && e.hasSame(s, 'day') && e.hour * 60 + e.minute <= 17 * 60;
}

describe('confirmed pods are booked in Google Calendar through the outbox-google queue', () => {
  let people: Seeded[];
  let waveId: string;

  it('books one recurring series per pod with Meet, the members as attendees, in a zone that keeps everyone inside hours', async () => {
    const lead = await seedLead(rt);
    people = await seedPeople(rt, { Design: 2, Sales: 2, Support: 2, Platform: 2 }, ZONES);
    // Everyone is busy all day every Monday of the commitment: free/busy must steer the slot away.
    for (const p of people) {
      rt.googleEmulator.calendars.seedBusy(p.email, Array.from({ length: 8 }, (_, k) => ({
        start: new Date(Date.parse('2026-03-16T00:00:00Z') + k * 7 * 86_400_000), end: new Date(Date.parse('2026-03-17T00:00:00Z') + k * 7 * 86_400_000),
      })));
    }
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    ({ waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) }));
    for (const p of people) await answer(rt, p, 'invite_accept');
    await rt.drain();
    // A quota storm first (429s: the queue pauses, no attempt counted), then an insert that does
    // its work and loses the answer: the retry must find it by its id, not book twice.
    rt.googleEmulator.faults.inject('calendar.events.insert', '429', 3, 1);
    rt.googleEmulator.faults.injectAfterEffect('calendar.events.insert', '500', 1);
    clock.set(`${DEADLINE}T17:00:01Z`);
    for (let i = 0; i < 4; i++) {
      await reconcile(rt);
      await rt.drain(60_000);
    }
    // The intro (with the Meet link) waits for a moment inside every member's hours (Helsinki).
    await deliverHeldIntros(rt, clock);
    const pods = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', waveId).execute();
    expect(pods.length).toBe(2);
    const events = rt.googleEmulator.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled');
    expect(events).toHaveLength(2);
    expect(rt.googleEmulator.duplicates()).toEqual([]);
    const api = calendarApi(rt.google, SANDBOX_ADMIN);
    for (const pod of pods) {
      expect(pod.calendar_state).toBe('booked');
      const event = events.find((e) => e.id === pod.calendar_event_id)!;
      expect(event.recurrence).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=6']);
      expect(event.start?.timeZone).toBe(pod.recurrence_zone);
      const members = await rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
        .select(['person.email', 'person.timezone']).where('pod_id', '=', pod.id).execute();
      expect(event.attendees!.map((a) => a.email).sort()).toEqual(members.map((m) => m.email).sort());
      expect(event.description).toContain('peer pod');
      // Meet: the link Google made is stored and posted into the pod's group DM.
      expect(pod.meet_url).toMatch(/^https:\/\/meet\.google\.com\//);
      expect(JSON.stringify(rt.slackEmulator.log.messages(pod.slack_channel_id!).map((m) => m.blocks))).toContain(pod.meet_url!.replace('https://', ''));
      // Every occurrence Google shows is inside every member's working hours, across the change.
      const instances = (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId: event.id! })).data.items ?? [];
      expect(instances).toHaveLength(6);
      for (const i of instances) {
        for (const m of members) expect(inside(m.timezone, new Date(i.start!.dateTime!), new Date(i.end!.dateTime!))).toBe(true);
      }
      const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
      expect(pod.slot!.freeBusy).toBe(true);
      expect(pod.slot!.conflicts).toBe(0);
      expect(sessions.every((s) => s.starts_at.getUTCDay() !== 1)).toBe(true);
      expect(sessions.map((s) => s.calendar_instance_id)).toEqual(expect.arrayContaining(instances.map((i) => i.id)));
      // Each attendee has the invitation on their own calendar.
      expect(rt.googleEmulator.calendars.events(members[0]!.email).map((e) => e.id)).toContain(event.id);
    }
    const inserts = await rt.db.selectFrom('outbox').selectAll().where('kind', '=', 'google.series.insert').execute();
    expect(inserts.every((r) => r.state === 'sent')).toBe(true);
    // Attempts: one each, plus one for the lost answer; the three 429s burnt none.
    expect(inserts.reduce((n, r) => n + r.attempts, 0)).toBe(3);
    expect(rt.googleEmulator.stats().rateLimited).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('a leaver is removed from the series\' attendees; nobody keeps invitations to a pod they left', async () => {
    const pod = await rt.db.selectFrom('pod').selectAll().where('wave_id', '=', waveId).orderBy('name').executeTakeFirstOrThrow();
    const member = await rt.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
      .select(['person.id', 'person.email', 'person.slack_user_id']).where('pod_id', '=', pod.id).orderBy('seat', 'desc').executeTakeFirstOrThrow();
    const { onPeopleLeft } = await import('../../src/waves/leavers.ts');
    const { withOutbox } = await import('../../src/outbox/outbox.service.ts');
    await rt.db.updateTable('person').set({ status: 'left', left_reason: 'opted_out' }).where('id', '=', member.id).execute();
    await withOutbox(rt, (trx, emit) => onPeopleLeft(trx, [member.id], clock.now(), emit));
    await rt.drain(30_000);
    const event = rt.googleEmulator.calendars.events(SANDBOX_ADMIN).find((e) => e.id === pod.calendar_event_id)!;
    expect(event.attendees!.map((a) => a.email)).not.toContain(member.email);
    expect(event.attendees!.length).toBeGreaterThan(0);
  }, 60_000);
});
