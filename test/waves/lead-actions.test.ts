import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackView } from '../../src/sandbox/slack/index.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, craftedSubmission, sendCrafted } from './forge.ts';
import { createProgramme, DEADLINE, leadHome, seedLead, seedPeople, START_WEEK, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

/** The lead's path up to the preview (nothing launched): the draft wave and the preview modal. */
async function previewThroughSlack(lead: Seeded, values: Record<string, unknown>): Promise<SlackView> {
  await leadHome(rt, lead.slackId);
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.callback_id).toBe('wave_launch_preview');
  const submitted = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { start_week: START_WEEK, invite_deadline: DEADLINE, ...values } });
  expect(submitted.status).toBe(200);
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title, { timeout: 15_000 }).toMatchObject({ text: 'Preview' });
  return rt.slackEmulator.workspace.views.topModal(lead.slackId)!;
}

describe('lead actions', () => {
  let lead: Seeded;
  let people: Seeded[];
  let programmeId: string;
  let draft: SlackView;

  it('the preview shows pods, the cross-team figures and unplaced people with reasons', async () => {
    lead = await seedLead(rt);
    people = await seedPeople(rt, { Alpha: 3, Beta: 3, Gamma: 3, Delta: 2 }); // 11: two pods of 5, one unplaced
    programmeId = (await createProgramme(rt, lead)).id;
    const teams = await rt.db.selectFrom('team').select('id').execute();
    draft = await previewThroughSlack(lead, { programme: programmeId, teams: teams.map((t) => t.id) });
    const text = JSON.stringify(draft.blocks);
    expect(text).toContain('*10* of 11 people placed');
    expect(text).toMatch(/\*Cross-team:\* \d of 2 pods have every member from a different team \(best possible: \d\)/);
    expect(text).toContain('*Not placed (1)*');
    const unplaced = await rt.db.selectFrom('wave_member').select(['person_id', 'reason']).where('wave_id', '=', draft.private_metadata).where('state', '=', 'unplaced').executeTakeFirstOrThrow();
    expect(text).toContain(people.find((p) => p.personId === unplaced.person_id)!.name);
    expect(unplaced.reason).toBeTruthy();
    expect(text).toContain(JSON.stringify(unplaced.reason).slice(1, 30));
  });

  it('a member forging each lead action is refused, audited, and nothing changes', async () => {
    const member = people[0]!;
    const waveId = draft.private_metadata;
    const snapshot = async () => ({
      waves: await rt.db.selectFrom('wave').selectAll().orderBy('id').execute(),
      programmes: await rt.db.selectFrom('programme').selectAll().orderBy('id').execute(),
      invites: await rt.db.selectFrom('invite').select('id').execute(),
      opened: rt.slackEmulator.log.calls('views.open').length,
    });
    const before = await snapshot();
    const refusals = [
      await sendCrafted(rt, craftedButton(member.slackId, 'wave_launch_open', '')),
      await sendCrafted(rt, craftedSubmission(member.slackId, 'wave_launch_preview', '')),
      await sendCrafted(rt, craftedSubmission(member.slackId, 'wave_launch_confirm', waveId)),
      await sendCrafted(rt, craftedButton(member.slackId, 'programme_edit_open', programmeId)),
      await sendCrafted(rt, craftedSubmission(member.slackId, 'programme_settings', programmeId)),
      await sendCrafted(rt, craftedButton(member.slackId, 'wave_cancel', waveId)),
    ];
    for (const r of refusals) expect(r.status).toBe(200);
    for (const r of [refusals[1]!, refusals[2]!, refusals[4]!]) expect(JSON.stringify(r.body)).toContain("don't have permission");
    await rt.drain();
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('action').where('allowed', '=', false).where('actor_slack_id', '=', member.slackId).execute()).map((r) => r.action).sort())
      .toEqual(['programme.edit', 'programme.edit', 'wave.cancel', 'wave.launch', 'wave.preview', 'wave.preview']);
    // The button refusals are told by DM (three of them); nothing was opened, created or changed.
    await expect.poll(() => rt.slackEmulator.log.dmsTo(member.slackId).filter((m) => m.text.includes('permission')).length).toBe(3);
    expect(await snapshot()).toEqual(before);
    expect(before.waves.find((w) => w.id === waveId)).toMatchObject({ status: 'draft', launch_requested_at: null });
  });
});
