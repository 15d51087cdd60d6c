import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, DEADLINE, deliverHeldIntros, launchThroughSlack, leadHome, seedLead, seedPeople, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('a member leaves a confirmed pod', () => {
  it('the pod is told in its group DM, and the lead sees it is below minimum', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 }); // two pods of 4 (minimum 4)
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    for (const p of people) await answer(rt, p, 'invite_accept');
    await rt.drain();
    clock.set(`${DEADLINE}T17:00:01Z`);
    await reconcile(rt);
    await rt.drain();
    await reconcile(rt);
    // The intros wait for everyone's hours (the respect policy); then each pod's channel is stored.
    await deliverHeldIntros(rt, clock);
    await reconcile(rt);
    const seat = await rt.db.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id')
      .select(['pod.id', 'pod.slack_channel_id', 'pod_member.person_id']).where('pod.wave_id', '=', waveId).executeTakeFirstOrThrow();
    expect(seat.slack_channel_id).toBeTruthy();
    const leaver = people.find((p) => p.personId === seat.person_id)!;

    await leadHome(rt, leaver.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: leaver.slackId, actionId: 'member_leave' });
    await expect.poll(async () => (await rt.db.selectFrom('person').select('status').where('id', '=', leaver.personId).executeTakeFirstOrThrow()).status).toBe('left');
    await reconcile(rt);
    await rt.drain();

    const note = rt.slackEmulator.log.messages(seat.slack_channel_id!).find((m) => m.text.includes('has left the programme'));
    expect(note?.text).toContain(leaver.name);
    expect(JSON.stringify(note?.blocks)).toContain('below its usual minimum of 4');
    expect(await waveFunnel(rt.db, waveId)).toMatchObject({ podsConfirmed: 2, podsShort: 1 });
    expect(JSON.stringify((await leadHome(rt, lead.slackId)).blocks)).toContain('1 pod is below minimum after members left');
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  }, 120_000);
});
