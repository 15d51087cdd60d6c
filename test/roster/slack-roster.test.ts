import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { rolesModal } from '../../src/slack/blocks/roster.blocks.ts';
import type { SlackUser } from '../../src/sandbox/slack/index.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { craftedSubmission, sendCrafted } from '../waves/forge.ts';

// Through the real Bolt app: signed clicks and submissions from the Slack emulator's driver.
const clock = new ManualClock('2026-03-02T09:00:00Z');
let rt: TestRuntime;
let admin: SlackUser;
let ana: SlackUser;
let bo: SlackUser;

beforeAll(async () => {
  rt = await startTestRuntime({ clock, env: { PEERPODS_ADMINS: 'admin@acme.test' } });
  const ws = rt.slackEmulator.workspace;
  admin = ws.addUser({ email: 'admin@acme.test', realName: 'Ada Admin', tz: 'Europe/London' });
  ana = ws.addUser({ email: 'ana@acme.test', realName: 'Ana', tz: 'America/New_York' });
  bo = ws.addUser({ email: 'bo@acme.test', realName: 'Bo', tz: 'Asia/Kolkata' });
  for (const email of ['admin@acme.test', 'ana@acme.test', 'bo@acme.test']) rt.googleEmulator.directory.addUser({ email, department: 'Engineering' });
  // The roster comes in through the queue, as the daily schedule would run it.
  await rt.enqueue('roster-sync', { trigger: 'schedule' });
  await rt.drain();
}, 60_000);
afterAll(async () => rt?.stop());

const person = (email: string) => rt.db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
const lastHomeText = (userId: string) => JSON.stringify(rt.slackEmulator.log.homeViews(userId).at(-1)?.blocks ?? []);

async function openHome(userId: string) {
  const before = rt.slackEmulator.log.homeViews(userId).length;
  await rt.slackEmulator.driver.openHome(userId);
  await expect.poll(() => rt.slackEmulator.log.homeViews(userId).length).toBeGreaterThan(before);
}

async function click(userId: string, actionId: string) {
  const before = rt.slackEmulator.log.homeViews(userId).length;
  const response = await rt.slackEmulator.driver.clickButton({ userId, actionId });
  expect(response.status).toBe(200);
  return before;
}

describe('member self-service on the home tab', () => {
  it('pauses until a date (validated in the modal), resumes, leaves and rejoins', async () => {
    await openHome(ana.id);
    expect(lastHomeText(ana.id)).toContain('member_pause_open');

    await click(ana.id, 'member_pause_open');
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(ana.id)?.callback_id).toBe('member_pause');
    const past = await rt.slackEmulator.driver.submitView({ userId: ana.id, values: { pause_until: '2026-03-01' } });
    expect(past.body).toEqual({ response_action: 'errors', errors: { pause_until: 'Pick a date after today.' } });
    const tooFar = await rt.slackEmulator.driver.submitView({ userId: ana.id, values: { pause_until: '2027-06-01' } });
    expect(tooFar.body).toMatchObject({ response_action: 'errors' });
    expect((await person('ana@acme.test')).status).toBe('active');

    let before = rt.slackEmulator.log.homeViews(ana.id).length;
    const ok = await rt.slackEmulator.driver.submitView({ userId: ana.id, values: { pause_until: '2026-04-01' } });
    expect(ok.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.log.homeViews(ana.id).length).toBeGreaterThan(before);
    const paused = await person('ana@acme.test');
    expect(paused.status).toBe('paused');
    expect(paused.paused_until?.toISOString()).toBe('2026-04-01T04:00:00.000Z'); // midnight in New York (EDT)
    expect(lastHomeText(ana.id)).toContain('member_resume');

    before = await click(ana.id, 'member_resume');
    await expect.poll(() => rt.slackEmulator.log.homeViews(ana.id).length).toBeGreaterThan(before);
    expect((await person('ana@acme.test')).status).toBe('active');

    const invite = await pendingInviteFor('ana@acme.test');
    before = await click(ana.id, 'member_leave');
    await expect.poll(() => rt.slackEmulator.log.homeViews(ana.id).length).toBeGreaterThan(before);
    expect(await person('ana@acme.test')).toMatchObject({ status: 'left', left_reason: 'opted_out' });
    expect((await rt.db.selectFrom('invite').select('status').where('id', '=', invite).executeTakeFirstOrThrow()).status).toBe('withdrawn');
    expect(lastHomeText(ana.id)).toContain('member_join');

    before = await click(ana.id, 'member_join');
    await expect.poll(() => rt.slackEmulator.log.homeViews(ana.id).length).toBeGreaterThan(before);
    expect(await person('ana@acme.test')).toMatchObject({ status: 'active', left_reason: null });
  });

  it('ends a pause once its date has passed (reconciler), and the roster never re-activates an opt-out', async () => {
    const bob = await person('bo@acme.test');
    await rt.db.updateTable('person').set({ status: 'paused', paused_until: new Date('2026-03-03T00:00:00Z') }).where('id', '=', bob.id).execute();
    expect((await reconcile(rt.deps))['roster-pauses']).toBe(0);
    clock.advance(2 * 86_400_000);
    expect((await reconcile(rt.deps))['roster-pauses']).toBe(1);
    expect((await person('bo@acme.test')).status).toBe('active');
  });
});

describe('roles and privileged roster actions', () => {
  it('refuses a member who crafts the admin buttons and submissions: audited, nothing changed', async () => {
    const ws = rt.slackEmulator.workspace;
    const refusals = () => rt.db.selectFrom('audit_log').select(['action', 'allowed', 'actor_slack_id']).where('actor_slack_id', '=', bo.id).orderBy('id').execute();
    const runs = async () => (await rt.db.selectFrom('roster_sync').select('id').execute()).length;
    // A home the member should never see, carrying the admin buttons.
    const forgedHome = () => ws.views.publishHome(bo.id, { type: 'home', blocks: [{ type: 'actions', block_id: 'x', elements: [
      { type: 'button', action_id: 'roles_open', text: { type: 'plain_text', text: 'Roles' } },
      { type: 'button', action_id: 'roster_sync_now', text: { type: 'plain_text', text: 'Sync' } },
    ] }] }, undefined);
    const runsBefore = await runs();

    forgedHome();
    let before = rt.slackEmulator.log.homeViews(bo.id).length;
    await rt.slackEmulator.driver.clickButton({ userId: bo.id, actionId: 'roles_open' });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(bo.id).slice(before))).toContain("don't have permission");
    expect(rt.slackEmulator.workspace.views.topModal(bo.id)).toBeUndefined();
    expect(await refusals()).toEqual([{ action: 'roles.grant', allowed: false, actor_slack_id: bo.id }]);

    // The refusal re-published the member's real home; put the forged button back and press it.
    forgedHome();
    before = rt.slackEmulator.log.homeViews(bo.id).length;
    expect((await rt.slackEmulator.driver.clickButton({ userId: bo.id, actionId: 'roster_sync_now' })).status).toBe(200);
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(bo.id).slice(before))).toContain("don't have permission");
    await rt.drain();
    expect((await refusals()).slice(1)).toEqual([{ action: 'roster.sync', allowed: false, actor_slack_id: bo.id }]);
    expect(await runs()).toBe(runsBefore);

    // The roles modal, opened for the member by hand and submitted through the driver.
    ws.views.openModal(bo.id, rolesModal('forged'));
    const submitted = await rt.slackEmulator.driver.submitView({ userId: bo.id, values: { roles_user: bo.id, roles_role: 'lead', roles_change: 'grant' } });
    expect(submitted.body).toMatchObject({ response_action: 'errors', errors: { roles_user: expect.stringContaining("don't have permission") } });
    expect((await refusals()).slice(2)).toEqual([{ action: 'roles.grant', allowed: false, actor_slack_id: bo.id }]);

    // A submission no modal ever showed: signed correctly, its content made up.
    const crafted = craftedSubmission(bo.id, 'roles_submit', '');
    crafted.view.state.values = {
      roles_user: { roles_user: { type: 'users_select', selected_user: bo.id } },
      roles_role: { roles_role: { type: 'radio_buttons', selected_option: { value: 'hr', text: { type: 'plain_text', text: 'HR' } } } },
      roles_change: { roles_change: { type: 'radio_buttons', selected_option: { value: 'grant', text: { type: 'plain_text', text: 'Grant' } } } },
    } as never;
    const forged = await sendCrafted(rt, crafted);
    expect(forged.body).toMatchObject({ response_action: 'errors', errors: { roles_user: expect.stringContaining("don't have permission") } });
    expect((await refusals()).slice(3)).toEqual([{ action: 'roles.grant', allowed: false, actor_slack_id: bo.id }]);

    await rt.drain();
    expect(await rt.db.selectFrom('person_role').selectAll().execute()).toEqual([]);
    expect(await runs()).toBe(runsBefore);
  });

  it('lets an admin grant and revoke lead from the home tab, with an audit row for each change', async () => {
    await openHome(admin.id);
    expect(lastHomeText(admin.id)).toContain('roles_open');
    await click(admin.id, 'roles_open');
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(admin.id)?.callback_id).toBe('roles_submit');
    const granted = await rt.slackEmulator.driver.submitView({ userId: admin.id, values: { roles_user: bo.id, roles_role: 'lead', roles_change: 'grant' } });
    expect(granted.status).toBe(200);
    const bob = await person('bo@acme.test');
    await expect.poll(() => rt.db.selectFrom('person_role').select(['person_id', 'role']).execute()).toEqual([{ person_id: bob.id, role: 'lead' }]);

    await click(admin.id, 'roles_open');
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(admin.id)?.callback_id).toBe('roles_submit');
    await rt.slackEmulator.driver.submitView({ userId: admin.id, values: { roles_user: bo.id, roles_role: 'lead', roles_change: 'revoke' } });
    await expect.poll(() => rt.db.selectFrom('person_role').selectAll().execute()).toEqual([]);
    const audit = await rt.db.selectFrom('audit_log').select(['action', 'allowed', 'detail']).where('actor_slack_id', '=', admin.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'roles.grant', allowed: true, detail: 'granted lead' },
      { action: 'roles.revoke', allowed: true, detail: 'revoked lead' },
    ]);
  });

  it('queues a roster sync from the admin home and shows that it is queued', async () => {
    await openHome(admin.id);
    const runs = (await rt.db.selectFrom('roster_sync').select('id').execute()).length;
    await click(admin.id, 'roster_sync_now');
    // The job may finish before the poll looks, so search every version of the home tab.
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(admin.id))).toContain('Roster sync queued');
    await rt.drain();
    expect((await rt.db.selectFrom('roster_sync').select('id').execute()).length).toBe(runs + 1);
    expect(lastHomeText(admin.id)).toContain('Roster sync succeeded');
  });
});

/** A pending invite for one person in a fresh wave and pod; returns the invite id. */
async function pendingInviteFor(email: string): Promise<string> {
  const p = await person(email);
  const programme = await rt.db.insertInto('programme').values({ name: `P ${email}` }).returning('id').executeTakeFirstOrThrow();
  const wave = await rt.db.insertInto('wave').values({
    programme_id: programme.id, name: 'W', status: 'inviting', start_week: '2026-03-09', invite_deadline: new Date('2026-03-06T17:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow();
  const pod = await rt.db.insertInto('pod').values({ wave_id: wave.id, name: 'Pod', status: 'inviting', min_size: 4, max_size: 5 }).returning('id').executeTakeFirstOrThrow();
  const invite = await rt.db.insertInto('invite').values({ pod_id: pod.id, wave_id: wave.id, person_id: p.id }).returning('id').executeTakeFirstOrThrow();
  return invite.id;
}
