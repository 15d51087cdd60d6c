import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { createProgramme, inviteMessageOf, launchThroughSlack, seedLead, seedPeople, T0 } from './support.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ clock: new ManualClock(T0), env: { INCLUDE_GUESTS: 'true' } });
});
afterAll(async () => rt?.stop());

describe('INCLUDE_GUESTS=true', () => {
  it('guests are counted available in the launch modal and invited', async () => {
    const lead = await seedLead(rt);
    const people = await seedPeople(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    const guests = people.filter((_, i) => i % 4 === 0);
    await rt.db.updateTable('person').set({ is_guest: true }).where('id', 'in', guests.map((g) => g.personId)).execute();
    const programme = await createProgramme(rt, lead);
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const { preview } = await launchThroughSlack(rt, lead, { programmeId: programme.id, teamIds: teams.map((t) => t.id) });
    expect(JSON.stringify(preview.blocks)).toContain('*8* of 8 people placed');
    for (const g of guests) expect(inviteMessageOf(rt, g.slackId)).toBeDefined();
    const launchModal = rt.slackEmulator.log.calls('views.update').find((c) => JSON.stringify(c).includes('wave_launch_preview'));
    expect(JSON.stringify(launchModal)).toContain('*4 teams* have *8 people* available');
  });
});
