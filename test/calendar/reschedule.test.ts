import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesEventId } from '../../src/calendar/event.ts';
import { SANDBOX_ADMIN, calendarApi } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { RESCHEDULE_ACTIONS } from '../../src/slack/blocks/reschedule.blocks.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, sendCrafted } from '../waves/forge.ts';
import { startWaveRuntime } from '../waves/support.ts';
import { confirmedPods, membersOf, messageWithAction, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Europe/Helsinki'];

const buttonValues = (blocks: unknown, actionId: string): string[] =>
  [...JSON.stringify(blocks).matchAll(new RegExp(`"action_id":"${actionId}"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"${actionId}"`, 'g'))].map((m) => m[1] ?? m[2]!);

describe('a pod finds a new time from its group DM', () => {
  it('any member asks, three options are offered in everyone\'s zone, a choice splits the series once and moves the sessions', async () => {
    await confirmedPods(rt, clock, ZONES);
    const [pod, other] = await rt.db.selectFrom('pod').selectAll().orderBy('name').execute();
    const members = await membersOf(rt, pod!.id);
    const outsider = (await membersOf(rt, other!.id))[0]!;
    const channel = pod!.slack_channel_id!;
    const before = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod!.id).orderBy('index').execute();
    expect(before).toHaveLength(6);
    const oldEventId = pod!.calendar_event_id!;

    // After the first session: the move applies from session 2 on.
    clock.set(new Date(before[0]!.ends_at.getTime() + 3_600_000));
    const intro = messageWithAction(rt, channel, RESCHEDULE_ACTIONS.request)!;
    expect(intro).toBeDefined();

    // Someone from another pod (a forged click naming this pod) is refused, audited, nothing stored.
    const forged = await sendCrafted(rt, craftedButton(outsider.slackId!, RESCHEDULE_ACTIONS.request, pod!.id));
    expect(forged.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed')
      .where('actor_slack_id', '=', outsider.slackId).where('action', '=', 'pod.reschedule.request').execute()).map((a) => a.allowed)).toEqual([false]);
    expect(await rt.db.selectFrom('reschedule_offer').selectAll().execute()).toEqual([]);

    // A member presses "Find a new time" on the pod's welcome message.
    const asked = await rt.slackEmulator.driver.clickButton({ userId: members[1]!.slackId!, actionId: RESCHEDULE_ACTIONS.request, message: { channel, ts: intro.ts } });
    expect(asked.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('reschedule_offer').select('state').execute()).length).toBe(1);
    await settle(rt, 1);
    const offer = await rt.db.selectFrom('reschedule_offer').selectAll().executeTakeFirstOrThrow();
    expect(offer.state).toBe('offered');
    expect(offer.from_index).toBe(1);
    expect(offer.options).toHaveLength(3);
    const options = messageWithAction(rt, channel, RESCHEDULE_ACTIONS.pick)!;
    const values = buttonValues(options.blocks, RESCHEDULE_ACTIONS.pick);
    expect(values).toEqual([0, 1, 2].map((i) => `${offer.id}:${i}`));
    // Times are Slack date tokens (each reader sees their own zone), never an ISO string.
    expect(JSON.stringify(options.blocks)).toMatch(/<!date\^\d+\^/);
    expect(JSON.stringify(options.blocks)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    for (const o of offer.options) {
      expect(o.occurrences.map((x) => x.index)).toEqual([1, 2, 3, 4, 5]);
      expect(Date.parse(o.occurrences[0]!.start)).toBeGreaterThan(clock.now().getTime());
    }

    // Google does the insert of the new series and the answer is lost: the retry must not book twice.
    rt.googleEmulator.faults.injectAfterEffect('calendar.events.insert', '500', 1);
    // Two clicks on the same option at once (a double click) and another member's click on option 2.
    const clicks = await Promise.all([
      rt.slackEmulator.driver.clickButton({ userId: members[0]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: values[0], message: { channel, ts: options.ts } }),
      rt.slackEmulator.driver.clickButton({ userId: members[0]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: values[0], message: { channel, ts: options.ts } }),
      rt.slackEmulator.driver.clickButton({ userId: members[2]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: values[1], message: { channel, ts: options.ts } }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    await settle(rt, 4);

    const after = await rt.db.selectFrom('pod').selectAll().where('id', '=', pod!.id).executeTakeFirstOrThrow();
    expect(after.reschedules).toBe(1);
    const chosen = await rt.db.selectFrom('reschedule_offer').selectAll().where('id', '=', offer.id).executeTakeFirstOrThrow();
    expect(chosen.state).toBe('chosen');
    const option = offer.options[chosen.chosen!]!;
    // Two of the three clicks were answered privately: already done, or another option chosen.
    await expect.poll(() => rt.slackEmulator.workspace.ephemerals.filter((e) => e.channel === channel && /already|chosen/i.test(e.text)).length).toBe(2);

    // The emulator's store: the old series ends with UNTIL before session 2; the new one starts at
    // the chosen time with the 5 remaining sessions, the same attendees, and a Meet link.
    const events = rt.googleEmulator.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled');
    expect(events).toHaveLength(3);
    expect(rt.googleEmulator.duplicates()).toEqual([]);
    const old = events.find((e) => e.id === oldEventId)!;
    expect(old.recurrence![0]).toMatch(/;UNTIL=\d{8}T\d{6}Z/);
    expect(old.recurrence![0]).not.toContain('COUNT');
    const newId = seriesEventId(pod!.id, 1);
    expect(after.calendar_event_id).toBe(newId);
    const fresh = events.find((e) => e.id === newId)!;
    expect(fresh.recurrence).toEqual([`RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=5`]);
    expect(fresh.start?.timeZone).toBe(option.zone);
    expect(fresh.attendees!.map((a) => a.email).sort()).toEqual(members.map((m) => m.email).sort());
    expect(fresh.hangoutLink ?? fresh.conferenceData?.entryPoints?.[0]?.uri).toMatch(/^https:\/\/meet\.google\.com\//);
    const api = calendarApi(rt.google, SANDBOX_ADMIN);
    const oldInstances = (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId: oldEventId })).data.items ?? [];
    expect(oldInstances.map((i) => i.id)).toEqual([before[0]!.calendar_instance_id]);
    const newInstances = (await api.events.instances({ calendarId: SANDBOX_ADMIN, eventId: newId })).data.items ?? [];
    expect(newInstances).toHaveLength(5);
    expect(Date.parse(newInstances[0]!.start!.dateTime!)).toBe(Date.parse(option.occurrences[0]!.start));
    const inserts = await rt.db.selectFrom('outbox').select(['state', 'attempts']).where('kind', '=', 'google.series.insert').where('idempotency_key', 'like', `pod/${pod!.id}/%`).execute();
    expect(inserts).toHaveLength(2);
    expect(inserts.every((r) => r.state === 'sent')).toBe(true);
    // The lost answer cost the new series' insert one more attempt, found by its id on the retry.
    expect(inserts.map((r) => r.attempts).sort()).toEqual([1, 2]);

    // Sessions follow: session 1 as it was, 2–6 at the new times with their instance ids; the same facilitators.
    const moved = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod!.id).orderBy('index').execute();
    expect(moved[0]!.starts_at).toEqual(before[0]!.starts_at);
    expect(moved[0]!.calendar_event_id).toBe(oldEventId);
    expect(moved.slice(1).map((s) => s.starts_at.toISOString())).toEqual(option.occurrences.map((o) => new Date(o.start).toISOString()));
    expect(moved.map((s) => s.facilitator_id)).toEqual(before.map((s) => s.facilitator_id));
    expect(moved.slice(1).map((s) => s.calendar_instance_id)).toEqual(newInstances.map((i) => i.id));

    // Sessions stay about a cadence apart: the first moved one is not squeezed next to the one kept.
    expect(moved[1]!.starts_at.getTime() - moved[0]!.starts_at.getTime()).toBeGreaterThanOrEqual(4 * 86_400_000);
    // The pod is told in its group DM, with the time as a date token; the options lose their buttons.
    const told = rt.slackEmulator.log.messages(channel).find((m) => /new time from session 2/.test(m.text ?? ''));
    expect(JSON.stringify(told?.blocks)).toMatch(/<!date\^\d+\^/);
    expect(JSON.stringify(rt.slackEmulator.log.messages(channel).find((m) => m.ts === options.ts)?.blocks)).not.toContain(RESCHEDULE_ACTIONS.pick);
    expect(rt.slackEmulator.log.messages(channel).some((m) => /new Google Meet link/.test(m.text ?? ''))).toBe(true);
    const audits = await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('action', 'like', 'pod.reschedule.%').where('allowed', '=', true).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['pod.reschedule.choose', 'pod.reschedule.request']);
  }, 180_000);

  it('a choice from options offered before the last move, or for a pod that ended, changes nothing', async () => {
    const pod = await rt.db.selectFrom('pod').selectAll().orderBy('name').executeTakeFirstOrThrow();
    const members = await membersOf(rt, pod.id);
    const channel = pod.slack_channel_id!;
    // An offer made before the move (same base as the chosen one) is stale now.
    const staleOffer = await rt.db.insertInto('reschedule_offer').values({
      pod_id: pod.id, base: 0, requested_by: members[0]!.id, state: 'offered', from_index: 1,
      options: JSON.stringify((await rt.db.selectFrom('reschedule_offer').select('options').executeTakeFirstOrThrow()).options) as never, created_at: clock.now(),
    }).returning('id').executeTakeFirstOrThrow();
    const sessions = await rt.db.selectFrom('pod_session').select(['starts_at']).where('pod_id', '=', pod.id).orderBy('index').execute();
    const crafted = craftedButton(members[3]!.slackId!, RESCHEDULE_ACTIONS.pick, `${staleOffer.id}:2`);
    const result = await sendCrafted(rt, { ...crafted, channel: { id: channel, name: 'mpdm' } });
    expect(result.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.workspace.ephemerals.some((e) => e.user === members[3]!.slackId && /changed since/.test(e.text))).toBe(true);
    expect((await rt.db.selectFrom('pod').select('reschedules').where('id', '=', pod.id).executeTakeFirstOrThrow()).reschedules).toBe(1);
    expect(await rt.db.selectFrom('pod_session').select(['starts_at']).where('pod_id', '=', pod.id).orderBy('index').execute()).toEqual(sessions);

    await rt.db.updateTable('pod').set({ status: 'closed' }).where('id', '=', pod.id).execute();
    const ended = await sendCrafted(rt, { ...craftedButton(members[0]!.slackId!, RESCHEDULE_ACTIONS.request, pod.id), channel: { id: channel, name: 'mpdm' } });
    expect(ended.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.workspace.ephemerals.some((e) => e.user === members[0]!.slackId && /has ended/.test(e.text))).toBe(true);
    expect(await rt.db.selectFrom('reschedule_offer').select('id').execute()).toHaveLength(2);
  }, 60_000);
});
