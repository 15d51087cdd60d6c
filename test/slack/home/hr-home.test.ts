import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

async function person(email: string, teamId: string | null) {
  const user = rt.slackEmulator.workspace.addUser({ email, realName: email.split('@')[0]! });
  const row = await rt.db.insertInto('person').values({ email, name: email.split('@')[0]!, slack_user_id: user.id, team_id: teamId, in_csv: true })
    .returning('id').executeTakeFirstOrThrow();
  return { slackId: user.id, personId: row.id };
}

describe('HR home', () => {
  it('shows rollout per team and hides any count under 5 people', async () => {
    const big = await rt.db.insertInto('team').values({ name: 'Support', source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    const small = await rt.db.insertInto('team').values({ name: 'Legal', source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 6; i++) await person(`support${i}@example.com`, big.id);
    for (let i = 0; i < 3; i++) await person(`legal${i}@example.com`, small.id);
    const hr = await person('hr@example.com', null);
    await rt.db.insertInto('person_role').values({ person_id: hr.personId, role: 'hr', granted_by: null }).execute();

    await rt.slackEmulator.driver.openHome(hr.slackId);
    await expect.poll(() => rt.slackEmulator.log.homeViews(hr.slackId).length).toBeGreaterThan(0);
    const text = JSON.stringify(rt.slackEmulator.log.homeViews(hr.slackId).at(-1)!.blocks);
    expect(text).toContain('*Support*: 6 people');
    expect(text).toContain('*Legal*: fewer than 5 people');
    expect(text).not.toMatch(/legal\d/);
  });
});
