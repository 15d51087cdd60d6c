import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, leadHome, seedLead, seedPeople, startWaveRuntime, START_WEEK, DEADLINE, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let member: Seeded;
let programmeId: string;
const TEAMS = 130;
beforeAll(async () => {
  ({ rt } = await startWaveRuntime());
  lead = await seedLead(rt);
  // 130 teams of 2 to 4 people: more teams than Slack's 100 static options.
  const teams = Object.fromEntries(Array.from({ length: TEAMS }, (_, i) => [`Team ${String(i + 1).padStart(3, '0')}`, 2 + (i % 3)]));
  const people = await seedPeople(rt, teams);
  member = people[0]!;
  programmeId = (await createProgramme(rt, lead)).id;
});
afterAll(async () => rt?.stop());

async function openLaunch(userId: string) {
  await leadHome(rt, userId);
  await rt.slackEmulator.driver.clickButton({ userId, actionId: 'wave_launch_open' });
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(userId)?.callback_id).toBe('wave_launch_preview');
  return rt.slackEmulator.workspace.views.topModal(userId)!;
}

describe('a lead launches over hundreds of teams by rule, not by ticking boxes', () => {
  it('the team picker searches every team and says when more match than it can show', async () => {
    const modal = await openLaunch(lead.slackId);
    const json = JSON.stringify(modal.blocks);
    expect(json).toContain(`*${TEAMS} teams* have *389 people* available`);
    const all = await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'teams', value: '' });
    expect(all.status).toBe(200);
    expect(all.options).toHaveLength(100);
    expect(JSON.stringify(all.body)).toContain(`First 100 of ${TEAMS} teams: type to narrow`);
    const some = await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'teams', value: 'team 12' });
    const names = some.options.map((o) => (o.text as { text: string }).text);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('Team 120 · 4 available');
    expect(names.every((n) => n.startsWith('Team 12'))).toBe(true);
  });

  it('"the next N teams, largest first" previews a wave over 110 teams', async () => {
    const submitted = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { programme: programmeId, team_rule: 'largest', team_count: '110', start_week: START_WEEK, invite_deadline: DEADLINE } });
    expect((submitted.body as { response_action?: string }).response_action).toBe('update');
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.title, { timeout: 20_000 }).toMatchObject({ text: 'Preview' });
    const wave = await rt.db.selectFrom('wave').select('id').executeTakeFirstOrThrow();
    const teams = await rt.db.selectFrom('wave_team').innerJoin('team', 'team.id', 'wave_team.team_id').select('team.name').where('wave_id', '=', wave.id).execute();
    expect(teams).toHaveLength(110);
    // Largest first: the 43 teams of 4 and the 43 of 3 are in, and 24 of the 44 teams of 2.
    const sizes = await rt.db.selectFrom("wave_team").innerJoin("person", "person.team_id", "wave_team.team_id").select(({ fn }) => fn.countAll<string>().as("n")).where("wave_id", "=", wave.id).executeTakeFirstOrThrow();
    expect(Number(sizes.n)).toBe(43 * 4 + 43 * 3 + 24 * 2);
    await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
  });

  it('a rule with nothing to choose, or a missing count, is an inline error and creates nothing', async () => {
    await openLaunch(lead.slackId);
    const noCount = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { programme: programmeId, team_rule: 'largest', start_week: START_WEEK, invite_deadline: DEADLINE } });
    expect(noCount.body).toMatchObject({ response_action: 'errors', errors: { team_count: expect.stringContaining('whole number') } });
    const noTeams = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { programme: programmeId, team_rule: 'picked', start_week: START_WEEK, invite_deadline: DEADLINE } });
    expect(noTeams.body).toMatchObject({ response_action: 'errors', errors: { teams: expect.stringContaining('Pick at least one team') } });
    expect(await rt.db.selectFrom('wave').select('id').execute()).toHaveLength(1);
    await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
  });

  it('someone without the lead role gets no team names from the picker, and the refusal is audited', async () => {
    const view = await openLaunch(lead.slackId);
    const refused = await rt.slackEmulator.driver.suggest({ userId: member.slackId, actionId: 'teams', value: '', view: view.id });
    expect(refused.options).toEqual([]);
    const audit = await rt.db.selectFrom('audit_log').select(['allowed', 'subject']).where('actor_slack_id', '=', member.slackId).execute();
    expect(audit.some((a) => !a.allowed && JSON.stringify(a.subject).includes('teams'))).toBe(true);
  });
});
