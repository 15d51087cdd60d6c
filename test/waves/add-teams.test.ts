import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSlot } from '../../src/pods/pod.table.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedSubmission, sendCrafted } from './forge.ts';
import { inviteMessageOf, launchFreshWave, leadHome, seedPeople, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let waveId: string;
let added: Seeded[];
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const topModal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const modalText = () => JSON.stringify(topModal()?.blocks ?? []);
const invitesOf = async () => rt.db.selectFrom('invite').select(['id', 'pod_id', 'person_id', 'status']).where('wave_id', '=', waveId).orderBy('id').execute();

async function openAddTeams() {
  await leadHome(rt, lead.slackId);
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
  await expect.poll(modalText).toContain('Add teams…');
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_add_teams_open', value: waveId, view: topModal()!.id });
  await expect.poll(() => topModal()?.callback_id).toBe('wave_add_teams');
}

describe('a lead adds teams to a wave in flight', () => {
  it('searches teams not in the wave, sees how many people they bring, and invites them into new pods; existing pods are untouched', async () => {
    ({ lead, waveId } = await launchFreshWave(rt, { Design: 3, Sales: 3, Support: 3, Platform: 3 }));
    added = await seedPeople(rt, { Ops: 3, Legal: 3, Finance: 3, Data: 3 });
    const before = await invitesOf();
    const podsBefore = await rt.db.selectFrom('pod').select(['id', 'name', 'status', 'slot']).where('wave_id', '=', waveId).orderBy('name').execute();
    await openAddTeams();

    const all = await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'wave_add_teams_pick', value: '' });
    const labels = all.options.map((o) => (o.text as { text: string }).text);
    expect(labels.some((l) => l.startsWith('Ops · 3 available'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Design'))).toBe(false); // already in the wave
    const teamIds = (await rt.db.selectFrom('team').select('id').where('name', 'in', ['Ops', 'Legal', 'Finance', 'Data']).execute()).map((t) => t.id);

    const step1 = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { wave_add_teams_pick: teamIds } });
    expect(step1.body).toMatchObject({ response_action: 'update', view: { callback_id: 'wave_add_teams_confirm' } });
    expect(JSON.stringify(step1.body)).toContain('*12 people* in *4 teams* can be invited now');
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(0); // nothing until confirmed

    const step2 = await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
    expect(step2.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('wave_addition').select('done_at').executeTakeFirst())?.done_at, { timeout: 15_000 }).toBeTruthy();
    await rt.drain();

    const after = await invitesOf();
    // The old invites are exactly as they were; every added person has one pending invite in a new pod.
    expect(after.filter((i) => before.some((b) => b.id === i.id))).toEqual(before);
    const fresh = after.filter((i) => !before.some((b) => b.id === i.id));
    expect(new Set(fresh.map((i) => i.person_id))).toEqual(new Set(added.map((p) => p.personId)));
    expect(fresh.every((i) => i.status === 'pending' && !podsBefore.some((p) => p.id === i.pod_id))).toBe(true);
    const podsAfter = await rt.db.selectFrom('pod').select(['id', 'name', 'status', 'slot']).where('wave_id', '=', waveId).orderBy('name').execute();
    for (const p of podsBefore) expect(podsAfter.find((q) => q.id === p.id)).toEqual(p);
    const newPods = podsAfter.filter((p) => !podsBefore.some((q) => q.id === p.id));
    expect(newPods.length).toBeGreaterThanOrEqual(2);
    expect(new Set(podsAfter.map((p) => p.name)).size).toBe(podsAfter.length); // names continue, never repeat
    expect(newPods.every((p) => p.status === 'inviting')).toBe(true);
    expect((await rt.db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute())).toHaveLength(8);

    // Each added person got the invite DM, naming their team and the lead; the lead got a summary.
    for (const p of added) {
      const dm = inviteMessageOf(rt, p.slackId);
      expect(dm, p.name).toBeDefined();
      expect(JSON.stringify(dm!.blocks)).toContain(`your team, *${p.team}*`);
      expect(JSON.stringify(dm!.blocks)).toContain('The lead');
    }
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).some((m) => m.text.startsWith('Added 4 teams to'))).toBe(true);
    const audit = await rt.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'wave.add_teams%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['wave.add_teams', 'wave.add_teams.requested']);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('a team already in the wave is an inline error and changes nothing', async () => {
    await openAddTeams();
    const design = await rt.db.selectFrom('team').select('id').where('name', '=', 'Design').executeTakeFirstOrThrow();
    const again = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { wave_add_teams_pick: [design.id] } });
    expect(again.body).toMatchObject({ response_action: 'errors', errors: { wave_add_teams_pick: expect.stringContaining('Already in this wave: Design') } });
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(1);
  });

  it('a member forging the confirmation is refused, audited, and nothing is added', async () => {
    const member = added[0]!;
    const team = await rt.db.insertInto('team').values({ name: 'Late', source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    const res = await sendCrafted(rt, craftedSubmission(member.slackId, 'wave_add_teams_confirm', JSON.stringify({ w: waveId, t: [team.id] })));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed').where('actor_slack_id', '=', member.slackId).where('allowed', '=', false).execute()).length).toBe(1);
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(1);
  });
});

/** Busy 09:00–15:00 London on every weekday of the weeks around the commitment (GMT, then BST from 29 March). */
function busyMornings(): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let day = DateTime.fromISO('2026-03-09', { zone: 'Europe/London' }); day < DateTime.fromISO('2026-05-18', { zone: 'Europe/London' }); day = day.plus({ days: 1 })) {
    if (day.weekday <= 5) out.push({ start: day.set({ hour: 9 }).toJSDate(), end: day.set({ hour: 15 }).toJSDate() });
  }
  return out;
}

describe('a lead adds teams to a wave in flight by rule', () => {
  let byRule: Seeded[];
  let additionPods: { id: string; slot: PodSlot | null }[];

  it('every team not reached yet, next N by size, departments: each shows the count of people before confirming; a rule that now chooses otherwise is shown again', async () => {
    byRule = await seedPeople(rt, { Risk: 4, Tax: 3, Audit: 5 });
    for (const p of byRule) rt.googleEmulator.calendars.seedBusy(p.email, busyMornings());
    await openAddTeams();
    expect(modalText()).toContain('have not been reached by any wave yet');
    const submit = (values: Record<string, unknown>) => rt.slackEmulator.driver.submitView({ userId: lead.slackId, values });

    // Bad input is an inline error where it was typed, and nothing is stored.
    expect((await submit({ wave_add_teams_rule: 'largest', wave_add_teams_count: 'many' })).body)
      .toMatchObject({ response_action: 'errors', errors: { wave_add_teams_count: expect.stringContaining('whole number') } });
    expect((await submit({ wave_add_teams_rule: 'departments' })).body)
      .toMatchObject({ response_action: 'errors', errors: { wave_add_teams_departments: 'Pick at least one department' } });

    // The department picker offers the departments of teams outside the wave only.
    const departments = (await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'wave_add_teams_departments', value: '' })).options.map((o) => (o.text as { text: string }).text);
    expect(departments.some((d) => d.startsWith('Risk · 1 teams, 4 available'))).toBe(true);
    expect(departments.some((d) => d.startsWith('Design'))).toBe(false);

    const largest = await submit({ wave_add_teams_rule: 'largest', wave_add_teams_count: '2' });
    expect(largest.body).toMatchObject({ response_action: 'update', view: { callback_id: 'wave_add_teams_confirm' } });
    expect(JSON.stringify(largest.body)).toContain('*9 people* in *2 teams*'); // Audit 5 + Risk 4
    expect(JSON.stringify(largest.body)).toContain('the next 2 teams not reached yet, largest first');

    await openAddTeams();
    expect(JSON.stringify((await submit({ wave_add_teams_rule: 'departments', wave_add_teams_departments: ['Tax'] })).body)).toContain('*3 people* in *1 team*');

    await openAddTeams();
    const all = await submit({ wave_add_teams_rule: 'not_reached' });
    expect(JSON.stringify(all.body)).toContain('*12 people* in *3 teams*');
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(1); // nothing until confirmed

    // A team joins before the lead confirms: the rule now chooses 4 teams, so the new count is shown instead.
    byRule.push(...await seedPeople(rt, { Compliance: 2 }));
    for (const p of byRule.slice(-2)) rt.googleEmulator.calendars.seedBusy(p.email, busyMornings());
    const stale = await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
    expect(stale.body).toMatchObject({ response_action: 'update', view: { callback_id: 'wave_add_teams_confirm' } });
    expect(JSON.stringify(stale.body)).toContain('changed since you looked');
    expect(JSON.stringify(stale.body)).toContain('*14 people* in *4 teams*');
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(1);

    const podsBefore = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).execute()).map((p) => p.id);
    const confirmedRule = await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
    expect(confirmedRule.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('wave_addition').select('done_at').where('done_at', 'is not', null).execute()).length, { timeout: 15_000 }).toBe(2);
    await rt.drain();
    const invited = await rt.db.selectFrom('invite').select(['person_id', 'pod_id', 'status']).where('wave_id', '=', waveId).where('person_id', 'in', byRule.map((p) => p.personId)).execute();
    expect(new Set(invited.map((i) => i.person_id))).toEqual(new Set(byRule.map((p) => p.personId)));
    expect(invited.every((i) => i.status === 'pending' && !podsBefore.includes(i.pod_id))).toBe(true);
    const audit = await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.add_teams.requested').execute();
    expect(audit.map((a) => a.detail)).toContain('4 teams by rule: every team not reached yet');
    await expect.poll(() => rt.slackEmulator.log.dmsTo(lead.slackId).some((m) => m.text.startsWith('Added 4 teams to'))).toBe(true);
    additionPods = await rt.db.selectFrom('pod').select(['id', 'slot']).where('wave_id', '=', waveId).where('id', 'not in', podsBefore).execute();
    expect(additionPods.length).toBeGreaterThanOrEqual(2);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it("the added pods' slots come from their members' free/busy, like the launch's, and their invites name the slot", async () => {
    const busy = busyMornings();
    for (const pod of additionPods) {
      expect(pod.slot).not.toBeNull();
      expect(pod.slot!.freeBusy).toBe(true);
      expect(pod.slot!.unreadable).toEqual([]); // their calendars were read, not guessed
      for (const o of pod.slot!.occurrences) {
        const [start, end] = [Date.parse(o.start), Date.parse(o.end)];
        expect(busy.some((b) => start < b.end.getTime() && b.start.getTime() < end), o.start).toBe(false);
        expect(DateTime.fromMillis(start, { zone: 'Europe/London' }).hour).toBeGreaterThanOrEqual(15);
      }
    }
    for (const p of byRule) {
      const invite = await rt.db.selectFrom('invite').select('pod_id').where('wave_id', '=', waveId).where('person_id', '=', p.personId).executeTakeFirstOrThrow();
      const slot = additionPods.find((pod) => pod.id === invite.pod_id)!.slot!;
      const first = DateTime.fromISO(slot.occurrences[0]!.start, { zone: 'Europe/London' });
      const dm = inviteMessageOf(rt, p.slackId);
      expect(dm, p.name).toBeDefined();
      expect(JSON.stringify(dm!.blocks)).toContain(`*When:* ${first.setLocale('en-GB').toFormat('cccc')}s ${first.toFormat('HH:mm')}`);
    }
  });

  it('a member forging a rule confirmation is refused, audited, and nothing is added', async () => {
    const member = byRule[0]!;
    await seedPeople(rt, { Forged: 4 });
    const forged = JSON.stringify({ w: waveId, r: { kind: 'not_reached' }, h: '1:0' });
    const res = await sendCrafted(rt, craftedSubmission(member.slackId, 'wave_add_teams_confirm', forged));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await rt.db.selectFrom('audit_log').select('allowed').where('actor_slack_id', '=', member.slackId).where('allowed', '=', false).execute()).length).toBe(1);
    expect(await rt.db.selectFrom('wave_addition').select('id').execute()).toHaveLength(2);
  });
});
