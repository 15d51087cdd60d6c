import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { viewProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import { renderHome } from '../../../src/slack/home/render-home.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

/**
 * The home tab at the size of the lead-console issue's organisation (300 teams, 50 programmes,
 * 500 waves; long, unicode, mrkdwn-looking names) for someone who is lead, HR and admin at once:
 * every section renders and Slack (the emulator's Block Kit check) accepts the view.
 */
const ADMIN = 'console-admin@example.com';
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ env: { PEERPODS_ADMINS: ADMIN } });
});
afterAll(async () => rt?.stop());

const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 150, maxLength: 300 }),
  fc.constantFrom('*Bold* & <Co>', 'Zoë Ñúñez', '李小龙的团队', 'فريق المبيعات', '👩🏽‍💻 DevRel'),
).filter((n) => n.trim().length > 0);

describe('the home tab at organisation size', () => {
  it('renders for a lead + HR + admin with 300 teams, 50 programmes and 500 waves, and Slack accepts it', async () => {
    const [teamNames, programmeNames, waveNames] = fc.sample(
      fc.tuple(fc.uniqueArray(name, { minLength: 300, maxLength: 300 }), fc.uniqueArray(name, { minLength: 50, maxLength: 50 }), fc.array(name, { minLength: 500, maxLength: 500 })),
      { numRuns: 1, seed: 14 },
    )[0]!;
    const teams = await rt.db.insertInto('team').values(teamNames.map((n, i) => ({ name: `${n} ${i}`, source: 'csv' as const, external_id: null }))).returning('id').execute();
    const people = await rt.db.insertInto('person').values(teams.flatMap((t, i) => [0, 1].map((k) => ({ email: `p${i}-${k}@example.com`, name: `${teamNames[i]!.slice(0, 40)} ${k}`, team_id: t.id, in_csv: true })))).returning('id').execute();
    expect(people).toHaveLength(600);
    const programmes = await rt.db.insertInto('programme').values(programmeNames.map((n, i) => ({ name: `${n} ${i}` }))).returning('id').execute();
    await rt.db.insertInto('wave').values(waveNames.map((n, i) => ({
      programme_id: programmes[i % programmes.length]!.id, name: n, status: (['inviting', 'forming', 'running', 'retro', 'done'] as const)[i % 5]!,
      start_week: '2026-03-16', invite_deadline: new Date('2026-03-13T17:00:00Z'),
    }))).execute();

    const user = rt.slackEmulator.workspace.addUser({ email: ADMIN, realName: 'Console Admin' });
    const me = await rt.db.insertInto('person').values({ email: ADMIN, name: 'Console Admin', slack_user_id: user.id, in_csv: true }).returning('id').executeTakeFirstOrThrow();
    await rt.db.insertInto('person_role').values([{ person_id: me.id, role: 'lead', granted_by: null }, { person_id: me.id, role: 'hr', granted_by: null }]).execute();

    const view = await renderHome(rt, user.id);
    expect(viewProblems(view, 'home')).toEqual([]);
    const text = JSON.stringify(view.blocks);
    for (const heading of ['Programme lead', 'Rollout', 'Admin']) expect(text).toContain(heading);
    // And through Slack itself: the published view is the one the emulator accepted.
    await rt.slackEmulator.driver.openHome(user.id);
    await expect.poll(() => rt.slackEmulator.log.homeViews(user.id).length, { timeout: 20_000 }).toBeGreaterThan(0);
  }, 120_000);
});
