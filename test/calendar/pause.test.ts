import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { calendar_v3 } from 'googleapis';
import { SANDBOX_ADMIN, calendarApi } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { pauseUntil } from '../../src/roster/membership.service.ts';
import { pauseEffectText } from '../../src/slack/blocks/roster.blocks.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { leadHome, startWaveRuntime } from '../waves/support.ts';
import { confirmedPods, membersOf, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Europe/Helsinki'];

/** Every occurrence of the pod's series (all parts), as the organiser's Google Calendar lists them. */
async function occurrencesOf(podId: string): Promise<{ start: number; eventId: string; attendees: string[] }[]> {
  const api = calendarApi(rt.google, SANDBOX_ADMIN);
  const series = await rt.db.selectFrom('calendar_series').select('event_id').where('pod_id', '=', podId).orderBy('part').execute();
  const out: { start: number; eventId: string; attendees: string[] }[] = [];
  for (const s of series) {
    const items: calendar_v3.Schema$Event[] = (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId: s.event_id })).data.items ?? [];
    for (const i of items) out.push({ start: Date.parse(i.start!.dateTime!), eventId: s.event_id, attendees: (i.attendees ?? []).map((a) => a.email!.toLowerCase()) });
  }
  return out.sort((a, b) => a.start - b.start);
}

async function statusOf(personId: string) {
  return (await rt.db.selectFrom('person').select('status').where('id', '=', personId).executeTakeFirstOrThrow()).status;
}

async function googleRows(podId: string) {
  return rt.db.selectFrom('outbox').select(['idempotency_key', 'state']).where('kind', 'like', 'google.%')
    .where('idempotency_key', 'like', `pod/${podId}/%`).orderBy('seq').execute();
}

describe('a member who pauses is taken off the pod\'s occurrences ahead, and put back when the pause ends', () => {
  it('pause (home tab) → resume (home tab) → pause → pause ends (reconciler): past occurrences keep them, future ones follow, nothing twice', async () => {
    await confirmedPods(rt, clock, ZONES);
    const pod = await rt.db.selectFrom('pod').selectAll().orderBy('name').executeTakeFirstOrThrow();
    expect(pod.calendar_state).toBe('booked');
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    expect(sessions).toHaveLength(6);
    const members = await membersOf(rt, pod.id);
    const pauser = members[1]!;
    const email = pauser.email.toLowerCase();
    const starts = sessions.map((s) => s.starts_at.getTime());
    expect((await occurrencesOf(pod.id)).map((o) => o.start)).toEqual(starts);
    expect((await occurrencesOf(pod.id)).every((o) => o.attendees.includes(email))).toBe(true);

    // After the first session, they pause from the home tab; the modal says what happens to the pod.
    clock.set(new Date(sessions[0]!.ends_at.getTime() + 3_600_000));
    await leadHome(rt, pauser.slackId!);
    await rt.slackEmulator.driver.clickButton({ userId: pauser.slackId!, actionId: 'member_pause_open' });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(pauser.slackId!)?.callback_id).toBe('member_pause');
    const modal = JSON.stringify(rt.slackEmulator.workspace.views.topModal(pauser.slackId!)?.blocks);
    expect(modal).toContain('taken off its upcoming sessions');
    const day = DateTime.fromJSDate(sessions[3]!.starts_at).setZone(pauser.timezone).plus({ days: 1 }).toISODate()!;
    expect((await rt.slackEmulator.driver.submitView({ userId: pauser.slackId!, values: { pause_until: day } })).status).toBe(200);
    await expect.poll(() => statusOf(pauser.id)).toBe('paused');
    await settle(rt);
    // Still a member of the pod; off the five occurrences ahead; on the one that took place.
    expect((await rt.db.selectFrom('pod_member').select('left_at').where('pod_id', '=', pod.id).where('person_id', '=', pauser.id).executeTakeFirstOrThrow()).left_at).toBeNull();
    let occ = await occurrencesOf(pod.id);
    expect(occ.map((o) => o.start)).toEqual(starts);
    expect(occ.map((o) => o.attendees.includes(email))).toEqual([true, false, false, false, false, false]);
    expect(occ.every((o, i) => i === 0 || o.attendees.length === members.length - 1)).toBe(true);
    const home = JSON.stringify((await leadHome(rt, pauser.slackId!)).blocks);
    expect(home).toContain('upcoming sessions');

    // Resumed from the home tab before the next session: the part ahead has not begun, so one patch puts them back.
    expect((await rt.slackEmulator.driver.clickButton({ userId: pauser.slackId!, actionId: 'member_resume' })).status).toBe(200);
    await expect.poll(() => statusOf(pauser.id)).toBe('active');
    await settle(rt);
    occ = await occurrencesOf(pod.id);
    expect(occ.map((o) => o.attendees.includes(email))).toEqual([true, true, true, true, true, true]);

    // Paused again (the same list as after the first pause: a distinct write, not swallowed by the
    // first one's key), and pausing once more with another date writes nothing new.
    await pauseUntil(rt, pauser.id, DateTime.fromISO(day, { zone: pauser.timezone }).toJSDate());
    await settle(rt);
    const rowsAfterPause = await googleRows(pod.id);
    await pauseUntil(rt, pauser.id, DateTime.fromISO(day, { zone: pauser.timezone }).plus({ days: 1 }).toJSDate());
    await pauseUntil(rt, pauser.id, DateTime.fromISO(day, { zone: pauser.timezone }).toJSDate());
    await settle(rt);
    expect(await googleRows(pod.id)).toEqual(rowsAfterPause);
    occ = await occurrencesOf(pod.id);
    expect(occ.map((o) => o.attendees.includes(email))).toEqual([true, false, false, false, false, false]);

    // Sessions 2 and 3 happen without them; the pause ends before session 4 and the reconciler resumes them.
    clock.set(DateTime.fromISO(day, { zone: pauser.timezone }).plus({ hours: 1 }).toJSDate());
    expect(clock.now().getTime()).toBeLessThan(starts[4]!);
    await settle(rt);
    expect(await statusOf(pauser.id)).toBe('active');
    occ = await occurrencesOf(pod.id);
    expect(occ.map((o) => o.start)).toEqual(starts);
    expect(occ.map((o) => o.attendees.includes(email))).toEqual([true, false, false, false, true, true]);

    // The writes: split at session 1, patch back, patch off, split at session 4; each once, all sent.
    const series = await rt.db.selectFrom('calendar_series').select(['part', 'state', 'attendee_changes']).where('pod_id', '=', pod.id).orderBy('part').execute();
    expect(series).toEqual([{ part: 0, state: 'ended', attendee_changes: 0 }, { part: 1, state: 'ended', attendee_changes: 2 }, { part: 2, state: 'booked', attendee_changes: 0 }]);
    const rows = await googleRows(pod.id);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    expect(rows.map((r) => r.idempotency_key).filter((k) => !k.endsWith('/meet'))).toEqual([
      `pod/${pod.id}/series/0/insert`,
      `pod/${pod.id}/series/0/end`, `pod/${pod.id}/series/1/insert`,
      `pod/${pod.id}/series/1/attendees/1`, `pod/${pod.id}/series/1/attendees/2`,
      `pod/${pod.id}/series/1/end`, `pod/${pod.id}/series/2/insert`,
    ]);
    expect(rt.googleEmulator.duplicates()).toEqual([]);
    // The other members were on every occurrence throughout.
    for (const m of members.filter((x) => x.id !== pauser.id)) expect(occ.every((o) => o.attendees.includes(m.email.toLowerCase()))).toBe(true);
  }, 240_000);

  it('the pause modal says what pausing does to the pod', () => {
    expect(pauseEffectText('Pod A')).toContain('You stay a member of *Pod A*');
    expect(pauseEffectText('Pod A')).toContain('invited to the sessions still ahead again');
    expect(pauseEffectText()).not.toContain('sessions');
  });
});
