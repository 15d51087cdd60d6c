import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { SANDBOX_ADMIN } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { leaveProgramme } from '../../src/roster/membership.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { startWaveRuntime } from '../waves/support.ts';
import { attendeesOf as attendeesOfEvent, confirmedPods, membersOf, seatedIn, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const eventOn = (calendar: string, eventId: string) => rt.googleEmulator.calendars.events(calendar).find((e) => e.id === eventId);
const current = (podId: string) => seatedIn(rt, podId);
const attendeesOf = (eventId: string) => attendeesOfEvent(rt, eventId);

describe('merging booked pods: the calendar follows, and a booked time that does not suit a newcomer refuses the merge', () => {
  it('refuses (nothing changes, in Postgres or Google) when the receiving pod\'s booked time is outside a newcomer\'s hours; then merges: newcomers on the series, the closed pod\'s series gone', async () => {
    const { waveId } = await confirmedPods(rt, clock, ['Europe/London']);
    const pods = await rt.db.selectFrom('pod').select(['id', 'name', 'calendar_event_id', 'slot']).where('wave_id', '=', waveId).orderBy('name').execute();
    const [from, into] = pods as [typeof pods[number], typeof pods[number]];
    expect(from.calendar_event_id && into.calendar_event_id).toBeTruthy();
    expect(attendeesOf(into.calendar_event_id!)).toHaveLength(4);

    // Two leave the first pod and one the second: 2 + 3 fit the maximum of 5.
    const fromPeople = await membersOf(rt, from.id);
    const intoPeople = await membersOf(rt, into.id);
    for (const id of [fromPeople[0]!.id, fromPeople[1]!.id, intoPeople[0]!.id]) await leaveProgramme(rt, id);
    await settle(rt);
    const moving = await current(from.id);
    const staying = await current(into.id);
    expect([moving.length, staying.length]).toEqual([2, 3]);
    expect(attendeesOf(into.calendar_event_id!)).toEqual(staying.map((m) => m.email).sort());

    // One of the movers now works from New York: the pods still share an afternoon hour (London
    // 14:00–17:00 is New York's morning), but the second pod is booked in London's morning.
    const start = DateTime.fromISO(into.slot!.occurrences[0]!.start, { zone: 'Europe/London' });
    expect(start.hour).toBeLessThan(14);
    await rt.db.updateTable('person').set({ timezone: 'America/New_York' }).where('id', '=', moving[0]!.id).execute();
    const lead = await rt.db.selectFrom('person').innerJoin('person_role', 'person_role.person_id', 'person.id').select('person.slack_user_id').executeTakeFirstOrThrow();
    const leadSlack = lead.slack_user_id!;
    const modal = () => rt.slackEmulator.workspace.views.topModal(leadSlack);
    const openWave = async () => {
      await rt.slackEmulator.driver.clickButton({ userId: leadSlack, actionId: 'wave_detail_open', value: waveId });
      await expect.poll(() => JSON.stringify(modal()?.blocks ?? [])).toContain(`Merge into ${into.name}`);
    };
    const state = async () => ({
      members: await rt.db.selectFrom('pod_member').select(['pod_id', 'person_id', 'left_at']).orderBy('pod_id').orderBy('person_id').execute(),
      pods: await rt.db.selectFrom('pod').select(['id', 'status', 'calendar_state']).orderBy('id').execute(),
      series: await rt.db.selectFrom('calendar_series').select(['event_id', 'state', 'attendees', 'attendee_changes']).orderBy('event_id').execute(),
      sessions: await rt.db.selectFrom('pod_session').select(['id', 'status', 'facilitator_id']).orderBy('id').execute(),
      outbox: (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length,
      google: [attendeesOf(into.calendar_event_id!), eventOn(SANDBOX_ADMIN, from.calendar_event_id!)?.status],
    });
    const before = await state();
    await openWave();
    await rt.slackEmulator.driver.clickButton({ userId: leadSlack, actionId: 'wave_pod_merge', value: `${from.id}|${into.id}`, view: modal()!.id });
    await expect.poll(() => rt.slackEmulator.log.dmsTo(leadSlack).map((m) => m.text).join('\n')).toContain(`${into.name}'s booked weekly time is outside the working hours of someone in ${from.name}`);
    await settle(rt);
    expect(await state()).toEqual(before);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(0);

    // Back in London: the merge goes through.
    await rt.db.updateTable('person').set({ timezone: 'Europe/London' }).where('id', '=', moving[0]!.id).execute();
    await openWave();
    await rt.slackEmulator.driver.clickButton({ userId: leadSlack, actionId: 'wave_pod_merge', value: `${from.id}|${into.id}`, view: modal()!.id });
    expect((await current(into.id)).map((m) => m.id).sort()).toEqual([...staying, ...moving].map((m) => m.id).sort());
    await settle(rt);
    // syncSeriesAttendees: the receiving pod's series (none of it has begun) now invites all five.
    expect(attendeesOf(into.calendar_event_id!)).toEqual([...staying, ...moving].map((m) => m.email).sort());
    for (const m of moving) expect(eventOn(m.email, into.calendar_event_id!)?.status).toBe('confirmed');
    // endPodSeries: the closed pod's series had not begun, so it is cancelled for everyone.
    expect(eventOn(SANDBOX_ADMIN, from.calendar_event_id!)?.status).toBe('cancelled');
    for (const m of moving) expect(eventOn(m.email, from.calendar_event_id!)?.status ?? 'cancelled').toBe('cancelled');
    expect(await rt.db.selectFrom('calendar_series').select('state').where('pod_id', '=', from.id).execute()).toEqual([{ state: 'ended' }]);
    expect(await rt.db.selectFrom('pod_session').select('id').where('pod_id', '=', from.id).where('status', '!=', 'cancelled').execute()).toEqual([]);
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.pod_merge').execute()).toHaveLength(1);
    expect(rt.googleEmulator.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled')).toHaveLength(1);
  }, 180_000);
});
