import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackView } from '../../src/sandbox/slack/index.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, craftedSubmission, sendCrafted } from './forge.ts';
import { createProgramme, DEADLINE, inviteMessageOf, launchThroughSlack, leadHome, seedLead, seedPeople, START_WEEK, startWaveRuntime, type Seeded } from './support.ts';

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
  const view = rt.slackEmulator.workspace.views.topModal(lead.slackId)!;
  // The job updates the modal, then records that it answered: wait for both, so no later snapshot
  // sees the wave change under it.
  await expect.poll(async () => (await rt.db.selectFrom('wave').select('preview_answered_at').where('id', '=', view.private_metadata).executeTakeFirst())?.preview_answered_at).not.toBeNull();
  await rt.drain();
  return view;
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
    expect(text).toMatch(/\d+ of 20 member pairs cross teams, \d+ same-team \(best possible: \d+, (reached|\d+ short)\)/);
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

  it('programme settings through Slack: create, inline errors, name taken, edit', async () => {
    const open = async (value?: string) => {
      await leadHome(rt, lead.slackId);
      // "New programme" sits in the controls row; each programme's "Edit" is its section's button.
      const home = rt.slackEmulator.workspace.views.home(lead.slackId)!.blocks as { block_id?: string; accessory?: { value?: string } }[];
      const blockId = value ? home.find((b) => b.accessory?.value === value)?.block_id : 'lead_controls';
      const clicked = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'programme_edit_open', ...(value ? { value } : {}), ...(blockId ? { blockId } : {}) });
      expect(clicked.status).toBe(200);
      await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title).toMatchObject({ text: value ? 'Programme settings' : 'New programme' });
      const modal = rt.slackEmulator.workspace.views.topModal(lead.slackId)!;
      expect(modal.callback_id).toBe('programme_settings');
      return modal;
    };
    const errorsOf = (r: { body: unknown }) => ((r.body ?? {}) as { response_action?: string; errors?: Record<string, string> });
    const created = await open();
    expect(created.title).toMatchObject({ text: 'New programme' });
    const bad = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { name: 'Bad', minSize: 'five', sessionCount: '0' } });
    expect(errorsOf(bad).response_action).toBe('errors');
    expect(Object.keys(errorsOf(bad).errors ?? {})).toEqual(expect.arrayContaining(['minSize', 'sessionCount']));
    expect(await rt.db.selectFrom('programme').select('id').where('name', '=', 'Bad').execute()).toHaveLength(0);

    const ok = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { name: 'Circles', minSize: '3', maxSize: '4', sessionCount: '5' } });
    expect(ok.status).toBe(200);
    expect(errorsOf(ok).response_action).toBeUndefined();
    const circles = await rt.db.selectFrom('programme').selectAll().where('name', '=', 'Circles').executeTakeFirstOrThrow();
    expect(circles).toMatchObject({ min_size: 3, max_size: 4, session_count: 5 });

    await open();
    const taken = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { name: 'Circles' } });
    expect(errorsOf(taken).errors?.name).toBeTruthy();

    const edit = await open(circles.id);
    expect(edit.title).toMatchObject({ text: 'Programme settings' });
    expect(JSON.stringify(edit.blocks)).toContain('Circles');
    const saved = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { sessionCount: '8' } });
    expect(errorsOf(saved).response_action).toBeUndefined();
    expect(await rt.db.selectFrom('programme').selectAll().where('id', '=', circles.id).executeTakeFirstOrThrow()).toMatchObject({ name: 'Circles', min_size: 3, max_size: 4, session_count: 8 });
    expect(await rt.db.selectFrom('audit_log').select('action').where('action', 'like', 'programme%').where('allowed', '=', true).execute()).toHaveLength(3); // the first programme, Circles, its edit
  });

  it('overrides chosen at launch (pods of 3-4, 5 sessions) are what the wave uses', async () => {
    const newcomers = await seedPeople(rt, { Echo: 3, Foxtrot: 3, Golf: 3 }); // 9: defaults would make two pods
    const teams = await rt.db.selectFrom('team').select('id').where('name', 'in', ['Echo', 'Foxtrot', 'Golf']).execute();
    const { waveId } = await launchThroughSlack(rt, lead, { programmeId, teamIds: teams.map((t) => t.id), overrides: { min_size: '3', max_size: '4', session_count: '5' } });
    const wave = await rt.db.selectFrom('wave').selectAll().where('id', '=', waveId).executeTakeFirstOrThrow();
    expect(wave.settings).toMatchObject({ minSize: 3, maxSize: 4, sessionCount: 5 });
    const pods = await rt.db.selectFrom('pod').select(['id', 'min_size', 'max_size']).where('wave_id', '=', waveId).execute();
    expect(pods.length).toBeGreaterThanOrEqual(3);
    for (const pod of pods) {
      const n = await rt.db.selectFrom('invite').select('id').where('pod_id', '=', pod.id).execute();
      expect(n.length).toBeGreaterThanOrEqual(3);
      expect(n.length).toBeLessThanOrEqual(4);
    }
    const invite = inviteMessageOf(rt, newcomers.find((p) => inviteMessageOf(rt, p.slackId))!.slackId)!;
    expect(JSON.stringify(invite.blocks)).toContain('5 sessions');
  });
});
