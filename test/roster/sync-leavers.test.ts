import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, startWaveRuntime } from '../waves/support.ts';

// A sync that finds an invitee gone, run as the queued job: no reconcile tick runs in this
// runtime (schedules are off), so whatever reaches Slack was queued by the sync itself.
let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()), 60_000);
afterAll(async () => rt?.stop());

/** Runs the sync job and waits for it; resolves to its roster_sync row. */
async function syncThroughQueue() {
  const earlier = (await rt.db.selectFrom('roster_sync').select('id').execute()).map((r) => r.id);
  await rt.enqueue('roster-sync', { trigger: 'manual' });
  const finished = () => rt.db.selectFrom('roster_sync').select(['id', 'status', 'stats']).where('status', '!=', 'running')
    .$if(earlier.length > 0, (q) => q.where('id', 'not in', earlier)).executeTakeFirst();
  await expect.poll(finished).toBeDefined();
  await rt.drain();
  return (await finished())!;
}

describe('roster sync with a leaver in an inviting wave', () => {
  it('delivers the backfill invite and refreshes lead homes without waiting for the reconcile tick', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 });
    await syncThroughQueue(); // the roster now knows everyone came from Slack
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    expect(await waveFunnel(rt.db, waveId)).toMatchObject({ invited: 10, unplaced: 1 });

    const leaver = people.find((p) => inviteMessageOf(rt, p.slackId))!;
    const spare = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    const newcomer = people.find((p) => p.personId === spare.person_id)!;
    expect(inviteMessageOf(rt, newcomer.slackId)).toBeUndefined();
    const leadHomes = rt.slackEmulator.log.homeViews(lead.slackId).length;

    rt.slackEmulator.workspace.deactivateUser(leaver.slackId);
    const run = await syncThroughQueue();
    expect(run).toMatchObject({ status: 'succeeded', stats: { left: 1, invitesWithdrawn: 1 } });
    expect(await rt.db.selectFrom('invite').select('status').where('person_id', '=', leaver.personId).executeTakeFirstOrThrow()).toEqual({ status: 'withdrawn' });
    expect(inviteMessageOf(rt, newcomer.slackId)).toBeDefined();
    expect(await rt.db.selectFrom('outbox').select('state').where('state', '=', 'pending').execute()).toEqual([]);
    await expect.poll(() => rt.slackEmulator.log.homeViews(lead.slackId).length, { timeout: 5_000 }).toBeGreaterThan(leadHomes);
  });
});
