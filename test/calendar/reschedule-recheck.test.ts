import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarApi } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { RESCHEDULE_ACTIONS } from '../../src/slack/blocks/reschedule.blocks.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { startWaveRuntime } from '../waves/support.ts';
import { confirmedPods, membersOf, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Europe/Helsinki'];
const keyOf = (m: { metadata?: { event_payload?: unknown } }) => String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '');

describe('Find a new time from the hour-before reminder; a chosen slot that filled up since the offer is not applied', () => {
  it('the reminder\'s button asks for new times; a member busy at the chosen time since the offer gets fresh options and nothing moves', async () => {
    await confirmedPods(rt, clock, ZONES);
    const pod = await rt.db.selectFrom('pod').selectAll().orderBy('name').executeTakeFirstOrThrow();
    const members = await membersOf(rt, pod.id);
    const channel = pod.slack_channel_id!;
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();

    // About an hour before the first session, the reminder reaches the pod's group DM with the button.
    clock.set(new Date(sessions[0]!.starts_at.getTime() - 3_600_000 + 30_000));
    await settle(rt, 2);
    const reminder = rt.slackEmulator.log.messages(channel).find((m) => keyOf(m).endsWith(`session/${sessions[0]!.id}/reminder`));
    expect(reminder).toBeDefined();
    expect(JSON.stringify(reminder!.blocks)).toContain(`"action_id":"${RESCHEDULE_ACTIONS.request}"`);
    const asked = await rt.slackEmulator.driver.clickButton({ userId: members[2]!.slackId!, actionId: RESCHEDULE_ACTIONS.request, message: { channel, ts: reminder!.ts } });
    expect(asked.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('reschedule_offer').select('id').execute()).length).toBe(1);
    await settle(rt, 1);
    const offer = await rt.db.selectFrom('reschedule_offer').selectAll().executeTakeFirstOrThrow();
    expect([offer.state, offer.requested_by, offer.from_index]).toEqual(['offered', members[2]!.id, 0]);
    expect(offer.options.length).toBeGreaterThan(0);
    const optionsMessage = rt.slackEmulator.log.messages(channel).find((m) => keyOf(m).endsWith(`/reschedule/${offer.id}/options`))!;
    expect(optionsMessage).toBeDefined();

    // After the offer, a member books something over option 0's third session (through Google).
    const option = offer.options[0]!;
    const busyAt = option.occurrences[2]!;
    expect(busyAt.busy).not.toContain(members[1]!.id);
    await calendarApi(rt.google, members[1]!.email).events.insert({
      calendarId: members[1]!.email,
      requestBody: { summary: 'Dentist', start: { dateTime: busyAt.start }, end: { dateTime: busyAt.end } },
    });
    const before = await rt.db.selectFrom('pod_session').select(['index', 'starts_at', 'calendar_event_id']).where('pod_id', '=', pod.id).orderBy('index').execute();
    const googleRows = async () => (await rt.db.selectFrom('outbox').select('idempotency_key').where('kind', 'like', 'google.%').execute()).map((r) => r.idempotency_key).sort();
    const writesBefore = await googleRows();

    const pick = await rt.slackEmulator.driver.clickButton({ userId: members[0]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: `${offer.id}:0`, message: { channel, ts: optionsMessage.ts } });
    expect(pick.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.workspace.ephemerals.some((e) => e.user === members[0]!.slackId && /no longer fits/.test(e.text) && e.text.includes(`<@${members[1]!.slackId}>`))).toBe(true);
    await settle(rt, 2);
    // Nothing moved: sessions, the pod's count of moves, the calendar; the offer is left unchosen.
    expect(await rt.db.selectFrom('pod_session').select(['index', 'starts_at', 'calendar_event_id']).where('pod_id', '=', pod.id).orderBy('index').execute()).toEqual(before);
    expect((await rt.db.selectFrom('pod').select('reschedules').where('id', '=', pod.id).executeTakeFirstOrThrow()).reschedules).toBe(0);
    expect(await googleRows()).toEqual(writesBefore);
    expect((await rt.db.selectFrom('reschedule_offer').select('state').where('id', '=', offer.id).executeTakeFirstOrThrow()).state).toBe('offered');
    // Fresh options were offered to the pod, none at a time that clashes with the new event.
    const fresh = await rt.db.selectFrom('reschedule_offer').selectAll().where('id', '!=', offer.id).executeTakeFirstOrThrow();
    expect([fresh.state, fresh.requested_by]).toEqual(['offered', members[0]!.id]);
    expect(rt.slackEmulator.log.messages(channel).some((m) => keyOf(m).endsWith(`/reschedule/${fresh.id}/options`))).toBe(true);
    const clash = (o: { start: string; end: string }) => Date.parse(o.start) < Date.parse(busyAt.end) && Date.parse(o.end) > Date.parse(busyAt.start);
    for (const o of fresh.options) for (const x of o.occurrences) if (clash(x)) expect(x.busy).toContain(members[1]!.id);
    const audit = await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('action', '=', 'pod.reschedule.reoffer').execute();
    expect(audit).toEqual([{ action: 'pod.reschedule.reoffer', allowed: true }]);

    // A fresh option that still fits is applied as before: the sessions move, the series splits once.
    const freshMessage = rt.slackEmulator.log.messages(channel).find((m) => keyOf(m).endsWith(`/reschedule/${fresh.id}/options`))!;
    await rt.slackEmulator.driver.clickButton({ userId: members[0]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: `${fresh.id}:0`, message: { channel, ts: freshMessage.ts } });
    await settle(rt, 2);
    expect((await rt.db.selectFrom('pod').select('reschedules').where('id', '=', pod.id).executeTakeFirstOrThrow()).reschedules).toBe(1);
    const moved = await rt.db.selectFrom('pod_session').select('starts_at').where('pod_id', '=', pod.id).orderBy('index').execute();
    expect(moved.map((s) => s.starts_at.toISOString())).toEqual(fresh.options[0]!.occurrences.map((o) => new Date(o.start).toISOString()));
    expect(rt.googleEmulator.duplicates()).toEqual([]);
  }, 240_000);
});
