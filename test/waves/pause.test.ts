import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, inviteMessageOf, launchFreshWave, launchThroughSlack, leadHome, seedPeople, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

/** Pauses through the home tab, as the person would. */
async function pauseThroughHome(slackId: string, until: string) {
  await leadHome(rt, slackId);
  await rt.slackEmulator.driver.clickButton({ userId: slackId, actionId: 'member_pause_open' });
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(slackId)?.callback_id).toBe('member_pause');
  const submitted = await rt.slackEmulator.driver.submitView({ userId: slackId, values: { pause_until: until } });
  expect(submitted.status).toBe(200);
}

describe('pausing mid-wave', () => {
  it('withdraws an open invitation and backfills it, but keeps an accepted one', async () => {
    const { people, waveId } = await launchFreshWave(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 });
    expect(await waveFunnel(rt.db, waveId)).toMatchObject({ invited: 10, unplaced: 1 });

    const invitees = people.filter((p) => inviteMessageOf(rt, p.slackId));
    const [committed, pauser] = invitees;
    await answer(rt, committed!, 'invite_accept');
    const pauserInvite = await rt.db.selectFrom('invite').selectAll().where('person_id', '=', pauser!.personId).executeTakeFirstOrThrow();
    const spare = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();

    await pauseThroughHome(pauser!.slackId, '2026-05-01');
    await pauseThroughHome(committed!.slackId, '2026-05-01');
    await rt.drain();

    const after = await rt.db.selectFrom('invite').select(['person_id', 'pod_id', 'status']).where('wave_id', '=', waveId).execute();
    expect(after.find((i) => i.person_id === pauser!.personId)?.status).toBe('withdrawn');
    expect(after.find((i) => i.person_id === committed!.personId)?.status).toBe('accepted');
    const backfill = after.find((i) => i.person_id === spare.person_id);
    expect(backfill).toMatchObject({ pod_id: pauserInvite.pod_id, status: 'pending' });
    // The pause writes its intents to the outbox in the roster's transaction; the tick delivers them.
    await reconcile(rt);
    await rt.drain();
    // The pauser's invite DM is closed in place: no buttons left, and it says why.
    const closed = inviteMessageOf(rt, pauser!.slackId)!;
    expect(closed.text).toBe('This invite was withdrawn.');
    expect(JSON.stringify(closed.blocks)).toContain('You paused the programme');
    expect(JSON.stringify(closed.blocks)).not.toContain('invite_accept');
  });

  it('leaving through the home tab closes the invite DM and sends the freed place to the spare person', async () => {
    const lead = await rt.db.selectFrom('person').select(['id', 'slack_user_id']).where('email', '=', 'lead@example.com').executeTakeFirstOrThrow();
    const people = await seedPeople(rt, { Echo: 3, Foxtrot: 3, Golf: 3, Hotel: 2 });
    const programme = await rt.db.selectFrom('programme').select('id').executeTakeFirstOrThrow();
    const teams = await rt.db.selectFrom('team').select('id').where('name', 'in', ['Echo', 'Foxtrot', 'Golf', 'Hotel']).execute();
    const { waveId } = await launchThroughSlack(rt, { personId: lead.id, slackId: lead.slack_user_id!, email: 'lead@example.com', name: 'The lead', team: '' },
      { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    const spare = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    const spareSlack = people.find((p) => p.personId === spare.person_id)!.slackId;
    expect(inviteMessageOf(rt, spareSlack)).toBeUndefined();
    const leaver = people.find((p) => inviteMessageOf(rt, p.slackId))!;

    await leadHome(rt, leaver.slackId);
    const clicked = await rt.slackEmulator.driver.clickButton({ userId: leaver.slackId, actionId: 'member_leave' });
    expect(clicked.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('person').select('status').where('id', '=', leaver.personId).executeTakeFirstOrThrow()).status).toBe('left');
    await reconcile(rt);
    await rt.drain();

    const closed = inviteMessageOf(rt, leaver.slackId)!;
    expect(closed.text).toBe('This invite was withdrawn.');
    expect(JSON.stringify(closed.blocks)).toContain('You left the programme');
    const backfill = inviteMessageOf(rt, spareSlack);
    expect(backfill?.text).toContain("You're invited");
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});
