import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/platform/clock.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { answer, createProgramme, launchThroughSlack, leadHome, seedLead, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let clock: ManualClock;
let lead: Seeded;
let people: Seeded[];
let programmeId: string;
beforeAll(async () => {
  ({ rt, clock } = await startWaveRuntime());
  lead = await seedLead(rt);
  people = await seedPeople(rt, { Design: 2, Sales: 2, Support: 2, Platform: 2 });
  programmeId = (await createProgramme(rt, lead)).id;
});
afterAll(async () => rt?.stop());

const reminders = (p: Seeded) => rt.slackEmulator.log.dmsTo(p.slackId).filter((m) => m.text.startsWith('Reminder'));

describe('launch modal and reminders', () => {
  it('invalid launch input comes back as inline errors and creates nothing', async () => {
    await leadHome(rt, lead.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.callback_id).toBe('wave_launch_preview');
    const teams = await rt.db.selectFrom('team').select('id').execute();
    const result = await rt.slackEmulator.driver.submitView({
      userId: lead.slackId,
      values: { programme: programmeId, teams: teams.map((t) => t.id), start_week: '2026-03-17', invite_deadline: '2026-03-20', max_size: '3' },
    });
    expect(result.body).toMatchObject({ response_action: 'errors', errors: { start_week: expect.stringContaining('Monday'), max_size: expect.any(String) } });
    expect(await rt.db.selectFrom('wave').select('id').execute()).toEqual([]);
    await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
  });

  it('one reminder after 48 h inside working hours, only to people who have not answered, never twice', async () => {
    const teams = await rt.db.selectFrom('team').select('id').execute();
    await launchThroughSlack(rt, lead, { programmeId, teamIds: teams.map((t) => t.id) });
    await answer(rt, people[0]!, 'invite_accept');
    await rt.drain();
    clock.set('2026-03-04T08:59:00Z'); // 48 h minus a minute: not yet
    await reconcile(rt);
    await rt.drain();
    expect(people.flatMap(reminders)).toEqual([]);
    clock.set('2026-03-04T09:00:30Z');
    await reconcile(rt);
    await rt.drain();
    await reconcile(rt);
    await rt.drain();
    expect(reminders(people[0]!)).toEqual([]);
    for (const p of people.slice(1)) expect(reminders(p)).toHaveLength(1);
    const reminded = await rt.db.selectFrom('invite').select('reminded_at').where('status', '=', 'pending').execute();
    expect(reminded.every((r) => r.reminded_at?.toISOString() === '2026-03-04T09:00:30.000Z')).toBe(true);
  });

  it('the lead home shows the wave funnel and the teams covered', async () => {
    const home = await leadHome(rt, lead.slackId);
    const json = JSON.stringify(home.blocks);
    expect(json).toContain('pool *8* → invited *8* → accepted *1* (13%) → pods confirmed *0*');
    expect(json).toContain('*Teams covered (4):*');
    expect(json).toContain('wave_cancel');
  });
});
