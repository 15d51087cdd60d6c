import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesEventId } from '../../src/calendar/event.ts';
import { declinedAllKey, declinedNextKey, hostDeclinedKey } from '../../src/calendar/rsvp.service.ts';
import { SANDBOX_ADMIN } from '../../src/google/auth.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { answerInvitation } from '../../src/sandbox/google/attendee-client.ts';
import { RESCHEDULE_ACTIONS } from '../../src/slack/blocks/reschedule.blocks.ts';
import { RHYTHM_ACTIONS } from '../../src/slack/blocks/rhythm.blocks.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { startWaveRuntime } from '../waves/support.ts';
import { confirmedPods, membersOf, settle } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

async function runRsvpJob(): Promise<void> {
  await rt.enqueue('rsvp-check', {});
  await rt.drain(30_000);
}

describe('the RSVP job reads attendees\' answers from Google', () => {
  it('shows a decline of the next session to its facilitator once, and asks someone who declined every session once', async () => {
    await confirmedPods(rt, clock, ['Europe/London']);
    const pod = await rt.db.selectFrom('pod').selectAll().orderBy('name').executeTakeFirstOrThrow();
    expect(pod.calendar_state).toBe('booked');
    const sessions = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    const next = sessions[0]!;
    const members = await membersOf(rt, pod.id);
    const host = members.find((m) => m.id === next.facilitator_id)!;
    const [one, all] = members.filter((m) => m.id !== host.id);
    const root = rt.googleEmulator.rootUrl;
    // Through the real googleapis client, as each guest's own calendar would: one declines only the
    // next occurrence, the other declines the whole series (every occurrence). (The emulator keeps an
    // answered occurrence apart from the series, as an exception: series answers come first here.)
    await answerInvitation(root, all!.email, pod.calendar_event_id!, 'declined');
    await answerInvitation(root, host.email, pod.calendar_event_id!, 'accepted');
    await answerInvitation(root, one!.email, next.calendar_instance_id!, 'declined');

    await runRsvpJob();
    const hostNotes = () => rt.slackEmulator.log.dmsTo(host.slackId!).filter((m) => /declined .* session 1/.test(m.text ?? ''));
    await expect.poll(() => hostNotes().length).toBe(2);
    expect(hostNotes().map((m) => m.text).join('\n')).toMatch(/which you facilitate/);
    expect(JSON.stringify(hostNotes().map((m) => m.blocks))).toMatch(/<!date\^\d+\^/);
    const askAll = () => rt.slackEmulator.log.dmsTo(all!.slackId!).filter((m) => /declined every/.test(m.text ?? ''));
    expect(askAll()).toHaveLength(1);
    expect(JSON.stringify(askAll()[0]!.blocks)).toContain(`"${RESCHEDULE_ACTIONS.request}"`);
    expect(rt.slackEmulator.log.dmsTo(one!.slackId!).filter((m) => /declined every/.test(m.text ?? ''))).toHaveLength(0);
    // Through the respect policy's ledger, keyed per session and person / pod and person.
    const ledger = await rt.db.selectFrom('nudge').select(['key', 'state']).where('key', 'in', [declinedNextKey(next.id, one!.id), declinedNextKey(next.id, all!.id), declinedAllKey(pod.id, all!.id)]).execute();
    expect(ledger.map((n) => n.state)).toEqual(['sent', 'sent', 'sent']);

    // Again (the job runs hourly): nothing is said twice.
    await runRsvpJob();
    await runRsvpJob();
    expect(hostNotes()).toHaveLength(2);
    expect(askAll()).toHaveLength(1);

    // "Find a new time" in that DM works like the one in the pod's chat: the options go to the pod.
    const dm = askAll()[0]!;
    const click = await rt.slackEmulator.driver.clickButton({ userId: all!.slackId!, actionId: RESCHEDULE_ACTIONS.request, message: { channel: dm.channel, ts: dm.ts } });
    expect(click.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('reschedule_offer').select('state').where('pod_id', '=', pod.id).execute()).length).toBe(1);
    await rt.drain(30_000);
    await expect.poll(() => rt.slackEmulator.log.messages(pod.slack_channel_id!).some((m) => JSON.stringify(m.blocks ?? []).includes(RESCHEDULE_ACTIONS.pick))).toBe(true);

    // The host picks one before the first session: the old series (nothing of it kept) is deleted,
    // a new one holds all six; the RSVP pass then reads the new series (the deleted one is skipped).
    const offer = await rt.db.selectFrom('reschedule_offer').selectAll().where('pod_id', '=', pod.id).executeTakeFirstOrThrow();
    const options = rt.slackEmulator.log.messages(pod.slack_channel_id!).filter((m) => JSON.stringify(m.blocks ?? []).includes(RESCHEDULE_ACTIONS.pick)).at(-1)!;
    await rt.slackEmulator.driver.clickButton({ userId: host.slackId!, actionId: RESCHEDULE_ACTIONS.pick, value: `${offer.id}:0`, message: { channel: options.channel, ts: options.ts } });
    await settle(rt, 2);
    const events = rt.googleEmulator.calendars.events(SANDBOX_ADMIN).filter((e) => e.summary?.startsWith(`${pod.name} ·`));
    expect(events.find((e) => e.id === pod.calendar_event_id)?.status).toBe('cancelled');
    const fresh = events.find((e) => e.id === seriesEventId(pod.id, 1))!;
    expect(fresh.status).not.toBe('cancelled');
    expect(fresh.recurrence).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=6']);
    const moved = await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute();
    await answerInvitation(root, all!.email, fresh.id!, 'accepted');
    await answerInvitation(root, one!.email, moved[0]!.calendar_instance_id!, 'declined');
    await runRsvpJob();
    // Still once per session and person, and the one who now accepts is not asked again.
    expect(hostNotes()).toHaveLength(2);
    expect(askAll()).toHaveLength(1);
    expect(await rt.db.selectFrom('outbox').select('state').where('kind', '=', 'google.series.cancel').execute()).toEqual([{ state: 'sent' }]);
  }, 180_000);

  it('a facilitator who declines their own next session is offered "Swap my turn" once; the swap hands it to the next member, who is told', async () => {
    const pod = (await rt.db.selectFrom('pod').selectAll().orderBy('name').execute())[1]!;
    expect(pod.calendar_state).toBe('booked');
    const next = (await rt.db.selectFrom('pod_session').selectAll().where('pod_id', '=', pod.id).orderBy('index').execute())[0]!;
    const members = await membersOf(rt, pod.id);
    const host = members.find((m) => m.id === next.facilitator_id)!;
    await answerInvitation(rt.googleEmulator.rootUrl, host.email, next.calendar_instance_id!, 'declined');

    await runRsvpJob();
    await runRsvpJob();
    const notes = () => rt.slackEmulator.log.dmsTo(host.slackId!).filter((m) => /your turn to facilitate/.test(m.text ?? ''));
    await expect.poll(() => notes().length).toBe(1);
    const note = notes()[0]!;
    const swap = (note.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).filter((e) => e.action_id === RHYTHM_ACTIONS.swap);
    expect(swap.map((e) => e.value)).toEqual([next.id]);
    // Not shown to them as someone else's decline, and said once through the respect policy's ledger.
    expect(rt.slackEmulator.log.dmsTo(host.slackId!).filter((m) => /which you facilitate/.test(m.text ?? ''))).toHaveLength(0);
    expect((await rt.db.selectFrom('nudge').select('state').where('key', '=', hostDeclinedKey(next.id, host.id)).execute()).map((n) => n.state)).toEqual(['sent']);

    // The swap from that note: the next member facilitates and is told; the decliner's button then refuses.
    await rt.slackEmulator.driver.clickButton({ userId: host.slackId!, actionId: RHYTHM_ACTIONS.swap, value: next.id, message: { channel: note.channel, ts: note.ts } });
    await rt.drain(30_000);
    const after = await rt.db.selectFrom('pod_session').select('facilitator_id').where('id', '=', next.id).executeTakeFirstOrThrow();
    const seat = members.findIndex((m) => m.id === host.id);
    const taker = members[(seat + 1) % members.length]!;
    expect(after.facilitator_id).toBe(taker.id);
    await settle(rt, 1);
    await expect.poll(() => rt.slackEmulator.log.dmsTo(taker.slackId!).some((m) => /handed you their turn/.test(m.text ?? ''))).toBe(true);
    await runRsvpJob();
    expect(notes()).toHaveLength(1);
  }, 120_000);
});
