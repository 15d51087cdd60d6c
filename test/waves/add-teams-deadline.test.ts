import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { inviteMessageOf, launchFreshWave, leadHome, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

// Teams added late to a wave in flight get what a launch gives: invites held for their working
// hours, and a deadline that leaves each of them a whole working day to answer in their own zone.
// The deadline only ever moves later, and everyone already invited reads the new date.
let rt: TestRuntime;
let clock: ManualClock;
let lead: Seeded;
let waveId: string;
let london: Seeded[];
let berlin: Seeded[];
beforeAll(async () => {
  ({ rt, clock } = await startWaveRuntime());
});
afterAll(async () => rt?.stop());

const topModal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const deadline = async () => (await rt.db.selectFrom('wave').select('invite_deadline').where('id', '=', waveId).executeTakeFirstOrThrow()).invite_deadline.toISOString();
/** Those of `people` the wave invited (the matcher may leave someone in the wave's pool). */
async function invited(people: Seeded[]): Promise<Seeded[]> {
  const ids = new Set((await rt.db.selectFrom('invite').select('person_id').where('wave_id', '=', waveId).where('person_id', 'in', people.map((p) => p.personId)).execute()).map((i) => i.person_id));
  const out = people.filter((p) => ids.has(p.personId));
  expect(out.length).toBeGreaterThanOrEqual(4);
  return out;
}
const summaries = () => rt.slackEmulator.log.dmsTo(lead.slackId).filter((m) => m.text.startsWith('Added '));

/** The lead's path: wave detail → "Add teams…" → pick → confirm; waits for the job and delivers. */
async function addTeams(teams: string[]) {
  const done = (await rt.db.selectFrom('wave_addition').select('id').where('done_at', 'is not', null).execute()).length;
  await leadHome(rt, lead.slackId);
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
  await expect.poll(() => JSON.stringify(topModal()?.blocks ?? [])).toContain('Add teams…');
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_add_teams_open', value: waveId, view: topModal()!.id });
  await expect.poll(() => topModal()?.callback_id).toBe('wave_add_teams');
  const teamIds = (await rt.db.selectFrom('team').select('id').where('name', 'in', teams).execute()).map((t) => t.id);
  const step1 = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { wave_add_teams_pick: teamIds } });
  expect(step1.body).toMatchObject({ response_action: 'update', view: { callback_id: 'wave_add_teams_confirm' } });
  expect((await rt.slackEmulator.driver.submitView({ userId: lead.slackId })).status).toBe(200);
  await expect.poll(async () => (await rt.db.selectFrom('wave_addition').select('id').where('done_at', 'is not', null).execute()).length, { timeout: 15_000 }).toBe(done + 1);
  await rt.drain();
}

describe('adding teams to a wave in flight moves its deadline the way a launch does', () => {
  it('Berlin people added on Thursday evening, held until their Friday 08:00, get until 19:00 Friday in Berlin; the lead is told and the London invites show the new date', async () => {
    ({ lead, waveId, people: london } = await launchFreshWave(rt, { Design: 3, Sales: 3, Support: 3 }));
    await rt.drain();
    expect(await deadline()).toBe('2026-03-13T17:00:00.000Z');
    const sentBefore = inviteMessageOf(rt, london[0]!.slackId)!;
    expect(sentBefore.text).toContain('Fri 13 Mar, 17:00 your time');

    clock.set('2026-03-12T20:00:00Z'); // Thursday 21:00 in Berlin: invites wait for 08:00 Friday
    const seeded = await seedPeople(rt, { Ops: 3, Finance: 3 }, ['Europe/Berlin']);
    await addTeams(['Ops', 'Finance']);
    berlin = await invited(seeded);

    expect(await deadline()).toBe('2026-03-13T18:00:00.000Z'); // 19:00 Friday in Berlin
    for (const p of berlin) expect(inviteMessageOf(rt, p.slackId), p.name).toBeUndefined();
    const held = await rt.db.selectFrom('nudge').select(['state', 'stale_at', 'send_at']).where('kind', '=', 'invite')
      .where('id', 'in', rt.db.selectFrom('nudge_recipient').select('nudge_id').where('person_id', 'in', berlin.map((p) => p.personId))).execute();
    expect(held).toHaveLength(berlin.length);
    for (const h of held) expect(h).toEqual({ state: 'planned', stale_at: new Date('2026-03-13T18:00:00Z'), send_at: new Date('2026-03-13T07:00:00Z') });

    // Each London invite is the same DM, updated in place, with the new close in the reader's zone.
    expect(inviteMessageOf(rt, london[0]!.slackId)!.ts).toBe(sentBefore.ts);
    for (const p of london) expect(inviteMessageOf(rt, p.slackId)!.text, p.name).toContain('Fri 13 Mar, 18:00 your time');
    const summary = summaries().at(-1)!;
    expect(summary.text).toContain('Added 2 teams');
    expect(summary.text).toContain('Invitations now close Fri 13 Mar 2026 at 18:00 instead of Fri 13 Mar 2026 at 17:00'); // London is on GMT
    expect(JSON.stringify(summary.blocks)).toContain(`<!date^${Date.parse('2026-03-13T18:00:00Z') / 1000}^`);
    const audit = await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.add_teams').execute();
    expect(audit.at(-1)!.detail).toContain('deadline 2026-03-13T17:00:00.000Z → 2026-03-13T18:00:00.000Z');
  });

  it('Los Angeles people added half an hour later get until 19:00 Friday in Los Angeles; the invites still held in Berlin are rewritten where they wait and arrive with that date', async () => {
    clock.set('2026-03-12T20:30:00Z'); // Thursday 13:30 in Los Angeles (PDT): too late for a whole day
    const seeded = await seedPeople(rt, { Legal: 3, Data: 3 }, ['America/Los_Angeles']);
    await addTeams(['Legal', 'Data']);
    const la = await invited(seeded);

    expect(await deadline()).toBe('2026-03-14T02:00:00.000Z');
    for (const p of la) expect(inviteMessageOf(rt, p.slackId)!.text, p.name).toContain('Fri 13 Mar, 19:00 your time');
    for (const p of london) expect(inviteMessageOf(rt, p.slackId)!.text, p.name).toContain('Sat 14 Mar, 02:00 your time');
    expect(summaries().at(-1)!.text).toContain('Invitations now close Sat 14 Mar 2026 at 02:00 instead of Fri 13 Mar 2026 at 18:00');

    clock.set('2026-03-13T07:00:30Z');
    await reconcile(rt);
    await rt.drain();
    for (const p of berlin) expect(inviteMessageOf(rt, p.slackId)!.text, p.name).toContain('Sat 14 Mar, 03:00 your time');
    // Nothing failed on the way (an update of a message still held would have), nothing twice.
    expect(await rt.db.selectFrom('outbox').select(['idempotency_key', 'last_error']).where('state', '=', 'failed').execute()).toEqual([]);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('teams whose people have a whole day before the current deadline leave it where it is: it never moves earlier', async () => {
    clock.set('2026-03-13T07:05:00Z'); // 07:05 Friday in London: invites at 08:00, a whole day to 19:00 GMT
    const seeded = await seedPeople(rt, { Risk: 3, Tax: 3 }, ['Europe/London']);
    const updatesBefore = rt.slackEmulator.log.dmsTo(london[0]!.slackId).length;
    await addTeams(['Risk', 'Tax']);
    const late = await invited(seeded);
    expect(await deadline()).toBe('2026-03-14T02:00:00.000Z');
    const summary = summaries().at(-1)!;
    expect(summary.text).toContain('Added 2 teams');
    expect(summary.text).not.toContain('now close');
    expect(rt.slackEmulator.log.dmsTo(london[0]!.slackId)).toHaveLength(updatesBefore);
    clock.set('2026-03-13T08:00:30Z');
    await reconcile(rt);
    await rt.drain();
    for (const p of late) expect(inviteMessageOf(rt, p.slackId)!.text, p.name).toContain('Sat 14 Mar, 02:00 your time');
  });
});
