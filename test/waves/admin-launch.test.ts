import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, leadHome, seedLead, seedPeople, startWaveRuntime } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe('admins and the lead controls', () => {
  it('an admin sees the Launch button on their home and can launch a wave; a member sees neither', async () => {
    const admin = await seedLead(rt, 'admin');
    const people = await seedPeople(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    const home = JSON.stringify((await leadHome(rt, admin.slackId)).blocks);
    expect(home).toContain('wave_launch_open');
    expect(home).toContain('Programme lead');
    const memberHome = JSON.stringify((await leadHome(rt, people[0]!.slackId)).blocks);
    expect(memberHome).not.toContain('wave_launch_open');

    const programme = await createProgramme(rt, admin);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    await launchThroughSlack(rt, admin, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    expect(people.filter((p) => inviteMessageOf(rt, p.slackId))).toHaveLength(8);
    // The modal opened at once with a loading view, then showed how many teams and people are available.
    expect(JSON.stringify(rt.slackEmulator.log.calls('views.open').at(-1))).toContain('Counting who is available');
    const filled = JSON.stringify(rt.slackEmulator.log.calls('views.update').find((c) => JSON.stringify(c).includes('wave_launch_preview')));
    expect(filled).toContain('*4 teams* have *8 people* available');
  });
});
