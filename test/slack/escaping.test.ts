import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageLine } from '../../src/slack/blocks/funnel.ts';
import { renderHome } from '../../src/slack/home/render-home.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Names come from Slack profiles, Directory departments and user groups: a team called
// "<!channel>" or a person called "<@U…>" must be shown, not ping anyone or fake a mention.
const HOSTILE = ['<!channel>', '<!here>', '<@UEVIL>', '<https://evil.example|click>'];
const raw = (view: unknown) => HOSTILE.filter((h) => JSON.stringify(view).includes(h));

let rt: TestRuntime;
const admin = 'admin@example.com';
beforeAll(async () => {
  rt = await startTestRuntime({ env: { PEERPODS_ADMINS: admin } }); // workers: a home open is rendered by one
});
afterAll(async () => rt?.stop());

describe('user-controlled names in mrkdwn', () => {
  it('the coverage line escapes team names', () => {
    expect(raw(coverageLine(['<!channel> Ops'], ['<!here> Sales']))).toEqual([]);
  });

  it('HR and admin homes and the roles modal show hostile names escaped', async () => {
    const team = await rt.db.insertInto('team').values({ name: '<!channel> Ops', source: 'department' } as never).returning('id').executeTakeFirstOrThrow();
    const admins = rt.slackEmulator.workspace.addUser({ email: admin, realName: 'Admin' });
    const hr = rt.slackEmulator.workspace.addUser({ email: 'hr@example.com', realName: 'HR' });
    await rt.db.insertInto('person').values([
      { email: admin, name: 'Admin', slack_user_id: admins.id, team_id: team.id },
      { email: 'hr@example.com', name: 'HR', slack_user_id: hr.id, team_id: team.id },
      // No Slack account yet (CSV import): shown by name, not as a mention.
      { email: 'mallory@example.com', name: '<@UEVIL> <https://evil.example|click>', team_id: team.id },
    ] as never).execute();
    const ids = await rt.db.selectFrom('person').select(['id', 'email']).execute();
    const idOf = (email: string) => ids.find((p) => p.email === email)!.id;
    await rt.db.insertInto('person_role').values([
      { person_id: idOf('hr@example.com'), role: 'hr', granted_by: null },
      { person_id: idOf('mallory@example.com'), role: 'lead', granted_by: null },
    ]).execute();
    await rt.db.insertInto('roster_sync').values({ source: 'slack_directory', started_at: rt.clock.now(), finished_at: rt.clock.now(), status: 'failed', error: 'Skipped <!here> (held by <@UEVIL>)' } as never).execute();

    const ctx = { db: rt.db, clock: rt.clock, config: rt.config, enqueue: rt.enqueue, log: rt.log };
    expect(raw(await renderHome(ctx, hr.id))).toEqual([]);
    expect(raw(await renderHome(ctx, admins.id))).toEqual([]);
    await rt.slackEmulator.driver.openHome(admins.id);
    await expect.poll(() => rt.slackEmulator.log.homeViews(admins.id).length).toBeGreaterThan(0);
    const opened = await rt.slackEmulator.driver.clickButton({ userId: admins.id, actionId: 'roles_open' });
    expect(opened.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(admins.id)).toBeTruthy();
    expect(raw(rt.slackEmulator.workspace.views.topModal(admins.id))).toEqual([]);
  });
});
