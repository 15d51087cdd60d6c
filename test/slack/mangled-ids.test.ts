import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, craftedSubmission, sendCrafted } from '../waves/forge.ts';
import { createProgramme, seedLead, startWaveRuntime, type Seeded } from '../waves/support.ts';

// A lead's button or modal that names a wave or pod by something that cannot be an id (an altered
// or mangled payload) gets a clear answer and changes nothing; before, the query failed on it and
// the request ended in a 500, which Slack shows as an error (found by a survey of the fuzz suite).
let rt: TestRuntime;
let lead: Seeded;
beforeAll(async () => {
  ({ rt } = await startWaveRuntime());
  lead = await seedLead(rt);
  await createProgramme(rt, lead);
});
afterAll(async () => rt?.stop());

const BUTTONS = ['pod_retro_now', 'wave_cancel', 'wave_nudge', 'wave_extend_open', 'wave_detail_open', 'wave_export', 'wave_add_teams_open', 'wave_preview_open', 'wave_detail_page'];
const told = () => rt.slackEmulator.log.dmsTo(lead.slackId).filter((m) => m.text.includes('does not exist')).length;

describe('a wave or pod id that is not one', () => {
  it('on a lead button: acknowledged, told, nothing changed', { timeout: 60_000 }, async () => {
    const waves = await rt.db.selectFrom('wave').select('id').execute();
    for (const actionId of BUTTONS) {
      for (const value of ['', 'x|2']) {
        const before = told();
        const result = await sendCrafted(rt, craftedButton(lead.slackId, actionId, value));
        expect(result.status, `${actionId} ${JSON.stringify(value)}`).toBe(200);
        await expect.poll(told, { message: `${actionId} ${JSON.stringify(value)}` }).toBe(before + 1);
        await new Promise((resolve) => setTimeout(resolve, 1_100)); // Slack's one message a second to a channel
      }
    }
    expect(await rt.db.selectFrom('wave').select('id').execute()).toEqual(waves);
  });

  it('in a lead modal: the modal says so, nothing changed', async () => {
    for (const callbackId of ['wave_extend', 'wave_add_teams_confirm']) {
      const result = await sendCrafted(rt, craftedSubmission(lead.slackId, callbackId, callbackId === 'wave_extend' ? 'nope' : JSON.stringify({ w: 'nope', t: [] })));
      expect(result.status, callbackId).toBe(200);
      expect(JSON.stringify(result.body), callbackId).toContain('does not exist');
    }
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toEqual([]);
  });

  it('a member or admin modal whose state is missing or wrong-typed: an inline error, nothing changed', async () => {
    const admin = await seedLead(rt, 'admin');
    const roles = await rt.db.selectFrom('person_role').selectAll().execute();
    for (const values of [null, 'x', { b: { a: 7 } }]) {
      for (const [who, callbackId] of [[lead, 'member_pause'], [admin, 'roles_submit']] as const) {
        const crafted = craftedSubmission(who.slackId, callbackId, '');
        const result = await sendCrafted(rt, { ...crafted, view: { ...crafted.view, state: { values } } });
        expect(result.status, `${callbackId} ${JSON.stringify(values)}`).toBe(200);
        expect(result.body, `${callbackId} ${JSON.stringify(values)}`).toMatchObject({ response_action: 'errors' });
      }
    }
    expect(await rt.db.selectFrom('person_role').selectAll().execute()).toEqual(roles);
    expect((await rt.db.selectFrom('person').select('status').where('id', '=', lead.personId).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('on an invite answer or a short-pod change: acknowledged, refused, audited, nothing changed', async () => {
    const invites = await rt.db.selectFrom('invite').selectAll().execute();
    const audited = async () => (await rt.db.selectFrom('audit_log').select('action').where('actor_slack_id', '=', lead.slackId).where('allowed', '=', false).execute()).length;
    for (const [actionId, value] of [['invite_accept', 'nope'], ['invite_not_this_time', "1' or '1'='1"], ['wave_pod_merge', 'x|y'], ['wave_pod_rematch', 'x']] as const) {
      const result = await sendCrafted(rt, craftedButton(lead.slackId, actionId, value));
      expect(result.status, actionId).toBe(200);
    }
    const declined = await sendCrafted(rt, craftedSubmission(lead.slackId, 'invite_decline_reason', 'not-an-id'));
    expect(declined.status).toBe(200);
    // The three invite answers are refused as naming no invite of theirs, in the audit log.
    await expect.poll(audited).toBeGreaterThanOrEqual(3);
    expect(await rt.db.selectFrom('invite').selectAll().execute()).toEqual(invites);
  });
});
