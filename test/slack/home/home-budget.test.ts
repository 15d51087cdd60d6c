import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import { renderHome } from '../../../src/slack/home/render-home.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

/**
 * The home tab's budget (issue 13): with 50 programmes and 500 waves, every combination of roles
 * gets a view inside Slack's 100 blocks without the last-resort cut, long lists page and say how
 * many exist, and a render takes under 300 ms.
 */
let rt: TestRuntime;
const users: Record<string, string> = {};
const COMBOS: string[][] = [[], ['lead'], ['hr'], ['admin'], ['lead', 'hr'], ['lead', 'admin'], ['hr', 'admin'], ['lead', 'hr', 'admin']];

beforeAll(async () => {
  rt = await startTestRuntime();
  const teams = await rt.db.insertInto('team').values(Array.from({ length: 300 }, (_, i) => ({ name: `Team ${i}`, source: 'csv' as const, external_id: null }))).returning('id').execute();
  await rt.db.insertInto('person').values(teams.flatMap((t, i) => [0, 1, 2].map((k) => ({ email: `p${i}-${k}@example.com`, name: `Person ${i}-${k}`, team_id: t.id, in_csv: true })))).execute();
  const programmes = await rt.db.insertInto('programme').values(Array.from({ length: 50 }, (_, i) => ({ name: `Programme ${i}` }))).returning('id').execute();
  const statuses = ['inviting', 'forming', 'running', 'retro', 'done', 'draft', 'cancelled'] as const;
  const waves = await rt.db.insertInto('wave').values(Array.from({ length: 500 }, (_, i) => {
    const status = statuses[i % statuses.length]!;
    return {
      programme_id: programmes[i % programmes.length]!.id, name: `Wave ${i}`, status, start_week: '2026-03-16', invite_deadline: new Date('2026-03-13T17:00:00Z'),
      created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000), ...(status === 'cancelled' ? { cancelled_at: new Date('2026-02-01T00:00:00Z') } : {}),
    };
  })).returning(['id', 'status']).execute();
  // Every draft has a previewed pod, so every draft is shown as one to come back to.
  await rt.db.insertInto('pod').values(waves.filter((w) => w.status === 'draft').map((w) => ({ wave_id: w.id, name: 'Pod 1', status: 'proposed' as const, min_size: 4, max_size: 5 }))).execute();
  for (const [k, roles] of COMBOS.entries()) {
    const user = rt.slackEmulator.workspace.addUser({ email: `u${k}@example.com`, realName: `User ${k}` });
    const me = await rt.db.insertInto('person').values({ email: `u${k}@example.com`, name: `User ${k}`, slack_user_id: user.id, in_csv: true, timezone: 'Pacific/Auckland' }).returning('id').executeTakeFirstOrThrow();
    if (roles.length) await rt.db.insertInto('person_role').values(roles.map((role) => ({ person_id: me.id, role: role as 'lead', granted_by: null }))).execute();
    users[roles.join('+') || 'member'] = user.id;
  }
}, 120_000);
afterAll(async () => rt?.stop());

describe('the home tab stays inside Slack\'s budget at 50 programmes and 500 waves', () => {
  it('for every combination of roles: under 100 blocks without the last-resort cut, accepted by Slack, rendered in under 300 ms', async () => {
    const timings: Record<string, number> = {};
    for (const [combo, slackId] of Object.entries(users)) {
      // The best of five renders after a warm-up: the code's own cost, not the shared machine's
      // scheduling (six engineers' tests run on two cores here).
      let view = await renderHome(rt, slackId);
      let best = Infinity;
      for (let k = 0; k < 5; k++) {
        const started = performance.now();
        view = await renderHome(rt, slackId);
        best = Math.min(best, performance.now() - started);
      }
      timings[combo] = Math.round(best);
      expect(view.blocks.length, combo).toBeLessThanOrEqual(100);
      const json = JSON.stringify(view.blocks);
      expect(json, combo).not.toContain('Some items are hidden');
      expect(viewProblems(view, 'home'), combo).toEqual([]);
      if (combo.includes('lead') || combo.includes('admin')) {
        expect(json).toContain('Programmes 1–5 of 50 · page 1 of 10');
        // 500 waves, one in 7 a draft and one in 7 cancelled: 358 launched.
        expect(json).toContain('Waves 1–10 of 358 · page 1 of 36');
        expect(json).toContain('*Drafts (71)*');
      }
    }
    console.log('home render ms', JSON.stringify(timings));
    for (const [combo, ms] of Object.entries(timings)) expect(ms, combo).toBeLessThan(300);
  });

  it('"Show 10 more" through Slack publishes the next page of waves and keeps the programmes page', async () => {
    const lead = users['lead']!;
    await rt.slackEmulator.driver.openHome(lead);
    await expect.poll(() => rt.slackEmulator.log.homeViews(lead).length).toBeGreaterThan(0);
    await rt.slackEmulator.driver.clickButton({ userId: lead, actionId: 'lead_home_page_programmes_next' });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(lead).at(-1)?.blocks)).toContain('Programmes 6–10 of 50');
    await rt.slackEmulator.driver.clickButton({ userId: lead, actionId: 'lead_home_page_waves_next' });
    await expect.poll(() => JSON.stringify(rt.slackEmulator.log.homeViews(lead).at(-1)?.blocks)).toContain('Waves 11–20 of 358 · page 2 of 36');
    expect(JSON.stringify(rt.slackEmulator.log.homeViews(lead).at(-1)?.blocks)).toContain('Programmes 6–10 of 50');
  });

  it('a member forging the paging button is refused and audited', async () => {
    const member = users['member']!;
    const before = rt.slackEmulator.log.homeViews(member).length;
    await rt.slackEmulator.driver.openHome(member);
    await expect.poll(() => rt.slackEmulator.log.homeViews(member).length).toBeGreaterThan(before);
    const { craftedButton, sendCrafted } = await import('../../waves/forge.ts');
    expect((await sendCrafted(rt, craftedButton(member, 'lead_home_page_waves_next', '0|3'))).status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed').where('actor_slack_id', '=', member).execute()).filter((a) => !a.allowed).length).toBe(1);
  });
});
