import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waveFunnel } from '../../src/waves/wave.repository.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, leadHome, seedLead, seedPeople, startWaveRuntime, type Seeded } from '../waves/support.ts';

// An invitee gone (a sync finds them deactivated, or they leave or pause from the home tab): no
// reconcile tick runs in this runtime (schedules are off), so whatever reaches Slack was queued
// by the change itself.
let rt: TestRuntime;
let clock: ManualClock;
let lead: Seeded;
beforeAll(async () => ({ rt, clock } = await startWaveRuntime()), 60_000);
afterAll(async () => rt?.stop());

/** Runs the sync job and waits for it; resolves to its roster_sync row. */
async function syncThroughQueue() {
  const earlier = (await rt.db.selectFrom('roster_sync').select('id').execute()).map((r) => r.id);
  await rt.enqueue('roster-sync', { trigger: 'manual' });
  const finished = () => rt.db.selectFrom('roster_sync').select(['id', 'status', 'stats']).where('status', '!=', 'running')
    .$if(earlier.length > 0, (q) => q.where('id', 'not in', earlier)).executeTakeFirst();
  await expect.poll(finished, { timeout: 20_000 }).toBeDefined(); // a loaded machine runs the sync job slowly
  await rt.drain();
  return (await finished())!;
}

describe('roster sync with a leaver in an inviting wave', () => {
  it('delivers the backfill invite and refreshes lead homes without waiting for the reconcile tick', async () => {
    lead = await seedLead(rt);
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
    // The sync runs later than the launch: lead-home refreshes collapse per clock second, so a
    // frozen clock would fold this refresh into the launch's, already published.
    clock.advance(60_000);
    const run = await syncThroughQueue();
    expect(run).toMatchObject({ status: 'succeeded', stats: { left: 1, invitesWithdrawn: 1 } });
    expect(await rt.db.selectFrom('invite').select('status').where('person_id', '=', leaver.personId).executeTakeFirstOrThrow()).toEqual({ status: 'withdrawn' });
    expect(inviteMessageOf(rt, newcomer.slackId)).toBeDefined();
    expect(await rt.db.selectFrom('outbox').select('state').where('state', '=', 'pending').execute()).toEqual([]);
    await expect.poll(() => rt.slackEmulator.log.homeViews(lead.slackId).length, { timeout: 5_000 }).toBeGreaterThan(leadHomes);
  });
});

/** A wave over fresh teams of 11 people (two pods of 5, one spare): an invitee and the spare. */
async function waveWithSpare(teams: Record<string, number>) {
  const people = await seedPeople(rt, teams);
  const programme = await rt.db.selectFrom('programme').select('id').executeTakeFirstOrThrow();
  const teamIds = (await rt.db.selectFrom('team').select('id').where('name', 'in', Object.keys(teams)).execute()).map((t) => t.id);
  const { waveId } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds });
  const spare = await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
  return { invitee: people.find((p) => inviteMessageOf(rt, p.slackId))!, spare: people.find((p) => p.personId === spare.person_id)! };
}

describe('leaving or pausing from the home tab with an open invitation', () => {
  it('delivers the backfill invite at once, for a leaver and for a pause', async () => {
    const leaving = await waveWithSpare({ Hotel: 3, India: 3, Juliet: 3, Kilo: 2 });
    await leadHome(rt, leaving.invitee.slackId);
    expect((await rt.slackEmulator.driver.clickButton({ userId: leaving.invitee.slackId, actionId: 'member_leave' })).status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('person').select('status').where('id', '=', leaving.invitee.personId).executeTakeFirstOrThrow()).status).toBe('left');
    // Delivery is queued just after the commit: wait for the DM itself, not for empty queues.
    await expect.poll(() => inviteMessageOf(rt, leaving.spare.slackId), { timeout: 5_000 }).toBeDefined();

    const pausing = await waveWithSpare({ Lima: 3, Mike: 3, November: 3, Oscar: 2 });
    await leadHome(rt, pausing.invitee.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: pausing.invitee.slackId, actionId: 'member_pause_open' });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(pausing.invitee.slackId)?.callback_id).toBe('member_pause');
    expect((await rt.slackEmulator.driver.submitView({ userId: pausing.invitee.slackId, values: { pause_until: '2026-05-01' } })).status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('person').select('status').where('id', '=', pausing.invitee.personId).executeTakeFirstOrThrow()).status).toBe('paused');
    await expect.poll(() => inviteMessageOf(rt, pausing.spare.slackId), { timeout: 5_000 }).toBeDefined();
    // Everything else the pause caused (e.g. closing the pauser's own invite DM) is delivered too,
    // with no reconcile tick running: nothing is left waiting in the outbox.
    await expect.poll(async () => rt.db.selectFrom('outbox').select('idempotency_key').where('state', '=', 'pending').execute(), { timeout: 5_000 }).toEqual([]);
  });
});
