import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganisation } from '../../src/sandbox/org-seed.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// A partial read of Slack or the Directory looks like a mass departure, and departures are not
// undone. More than 10% at once waits for an admin's confirmation on the home tab.
let rt: TestRuntime;
const ADMIN = 'root.admin@acme.test';
beforeAll(async () => {
  rt = await startTestRuntime({ env: { PEERPODS_ADMINS: ADMIN } });
});
afterAll(async () => rt?.stop());

async function syncRun(data: { trigger: 'manual'; requestedBy?: string; confirmRemovals?: number } = { trigger: 'manual' }) {
  const earlier = (await rt.db.selectFrom('roster_sync').select('id').execute()).map((r) => r.id);
  if (!data.confirmRemovals) await rt.enqueue('roster-sync', data);
  const finished = () => rt.db.selectFrom('roster_sync').selectAll().where('status', '!=', 'running')
    .$if(earlier.length > 0, (q) => q.where('id', 'not in', earlier)).executeTakeFirst();
  await expect.poll(finished, { timeout: 20_000 }).toBeDefined();
  await rt.drain();
  return (await finished())!;
}
const left = async () => (await rt.db.selectFrom('person').select('id').where('status', '=', 'left').execute()).length;

describe('a sync that would remove more than 10% of the roster', () => {
  it('changes nothing until an admin confirms on the home tab, then applies', async () => {
    const org = seedOrganisation(rt.slackEmulator, rt.googleEmulator, { people: 30 });
    const admin = rt.slackEmulator.workspace.addUser({ email: ADMIN, realName: 'Root Admin' });
    rt.googleEmulator.directory.addUser({ email: ADMIN, department: org.people[0]!.department });
    expect((await syncRun()).status).toBe('succeeded');
    // Five of about 30 vanish at once (over 10%): from Slack and from the Directory.
    for (const person of org.people.slice(0, 5)) {
      rt.slackEmulator.workspace.deactivateUser(person.slackUserId);
      rt.googleEmulator.directory.removeUser(person.email);
    }
    const refused = await syncRun();
    expect(refused).toMatchObject({ status: 'failed', stats: { wouldRemove: 5 } });
    expect(await left()).toBe(0);

    await rt.slackEmulator.driver.openHome(admin.id);
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(admin.id).at(-1) ?? '')).toContain('roster_sync_confirm_removals');
    const earlier = (await rt.db.selectFrom('roster_sync').select('id').execute()).map((r) => r.id);
    const click = await rt.slackEmulator.driver.clickButton({ userId: admin.id, actionId: 'roster_sync_confirm_removals' });
    expect(click.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('roster_sync').select('status').where('id', 'not in', earlier).where('status', '!=', 'running').executeTakeFirst())?.status, { timeout: 20_000 }).toBe('succeeded');
    expect(await left()).toBe(5);
    const audit = await rt.db.selectFrom('audit_log').select(['action', 'allowed']).where('action', '=', 'roster.confirm_removals').execute();
    expect(audit).toEqual([{ action: 'roster.confirm_removals', allowed: true }]);
  });
});
