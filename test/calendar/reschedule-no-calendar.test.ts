import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN } from '../../src/google/auth.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { RESCHEDULE_ACTIONS } from '../../src/slack/blocks/reschedule.blocks.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { T0 } from '../waves/support.ts';
import { confirmedPods, membersOf, messageWithAction, settle } from './support.ts';

let rt: TestRuntime;
const clock = new ManualClock(T0);
beforeAll(async () => {
  rt = await startTestRuntime({ clock, env: { CALENDAR_BOOKING: 'false' } });
});
afterAll(async () => rt?.stop());

describe('with CALENDAR_BOOKING=false', () => {
  it('a pod still finds a new time: the sessions move and the pod is told, nothing is written to a calendar', async () => {
    await confirmedPods(rt, clock, ['Europe/London', 'America/New_York']);
    const pod = await rt.db.selectFrom('pod').selectAll().orderBy('name').executeTakeFirstOrThrow();
    const channel = pod.slack_channel_id!;
    const members = await membersOf(rt, pod.id);
    const before = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    expect(before.every((s) => s.calendar_event_id === null)).toBe(true);

    const intro = messageWithAction(rt, channel, RESCHEDULE_ACTIONS.request)!;
    await rt.slackEmulator.driver.clickButton({ userId: members[0]!.slackId!, actionId: RESCHEDULE_ACTIONS.request, message: { channel, ts: intro.ts } });
    await expect.poll(async () => (await rt.db.selectFrom('reschedule_offer').select('id').execute()).length).toBe(1);
    await settle(rt, 1);
    const offer = await rt.db.selectFrom('reschedule_offer').selectAll().executeTakeFirstOrThrow();
    // Before the first session: every session moves.
    expect(offer.from_index).toBe(0);
    expect(offer.options.length).toBeGreaterThan(0);
    const options = messageWithAction(rt, channel, RESCHEDULE_ACTIONS.pick)!;
    const last = offer.options.length - 1;
    const click = await rt.slackEmulator.driver.clickButton({ userId: members[3]!.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: `${offer.id}:${last}`, message: { channel, ts: options.ts } });
    expect(click.status).toBe(200);
    await settle(rt, 1);

    const moved = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    expect(moved.map((s) => s.starts_at.toISOString())).toEqual(offer.options[last]!.occurrences.map((o) => new Date(o.start).toISOString()));
    expect(moved.map((s) => s.facilitator_id)).toEqual(before.map((s) => s.facilitator_id));
    expect((await rt.db.selectFrom('pod').select(['reschedules', 'calendar_state']).where('id', '=', pod.id).executeTakeFirstOrThrow())).toEqual({ reschedules: 1, calendar_state: 'none' });
    expect(rt.slackEmulator.log.messages(channel).some((m) => /new time from session 1/.test(m.text ?? ''))).toBe(true);
    expect(rt.googleEmulator.calendars.events(SANDBOX_ADMIN)).toEqual([]);
    expect(await rt.db.selectFrom('outbox').select('id').where('kind', 'like', 'google.%').execute()).toEqual([]);

    // A request whose job was lost (stored, then the process died before enqueueing): the
    // reconciler finds it and the options still reach the pod.
    const lost = await rt.db.insertInto('reschedule_offer').values({ pod_id: pod.id, base: 1, requested_by: members[2]!.id, created_at: clock.now() })
      .returning('id').executeTakeFirstOrThrow();
    await settle(rt, 1);
    expect((await rt.db.selectFrom('reschedule_offer').select('state').where('id', '=', lost.id).executeTakeFirstOrThrow()).state).toBe('offered');
    expect(rt.slackEmulator.log.messages(channel).some((m) => JSON.stringify(m.blocks ?? []).includes(`${lost.id}:0`))).toBe(true);
  }, 180_000);
});
