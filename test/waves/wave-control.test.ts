import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAVE_CSV_COLUMNS } from '../../src/waves/wave-export.service.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, sendCrafted } from './forge.ts';
import { answer, inviteMessageOf, launchFreshWave, leadHome, startWaveRuntime, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let people: Seeded[];
let waveId: string;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const topModal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const modalText = () => JSON.stringify(topModal()?.blocks ?? []);
const nudges = () => people.flatMap((p) => rt.slackEmulator.log.dmsTo(p.slackId).filter((m) => m.text.includes('asked us to check in')));

async function openWave() {
  await leadHome(rt, lead.slackId);
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_detail_open', value: waveId });
  await expect.poll(modalText).toContain('Not answered');
}

describe('a lead runs a wave in flight from its modal', () => {
  it('sees the funnel, who has not answered and why people declined, in their words', async () => {
    ({ lead, people, waveId } = await launchFreshWave(rt, { Design: 3, Sales: 3, Support: 3, Platform: 3 }));
    await answer(rt, people[0]!, 'invite_accept');
    // One declines through the form with a reason.
    const invite = inviteMessageOf(rt, people[1]!.slackId)!;
    await rt.slackEmulator.driver.clickButton({ userId: people[1]!.slackId, actionId: 'invite_decline', message: { channel: invite.channel, ts: invite.ts } });
    await expect.poll(() => rt.slackEmulator.workspace.views.topModal(people[1]!.slackId)?.callback_id).toBe('invite_decline_reason');
    await rt.slackEmulator.driver.submitView({ userId: people[1]!.slackId, values: { reason: 'Our team is in a launch crunch this month' } });
    await expect.poll(async () => (await rt.db.selectFrom('invite').select('status').where('person_id', '=', people[1]!.personId).executeTakeFirst())?.status).toBe('declined');
    await rt.drain();
    await openWave();
    const text = modalText();
    expect(text).toContain('Inviting · starts the week of Mon 16 Mar 2026 · invites close <!date^');
    expect(text).toContain('Declined (1)');
    expect(text).toContain('workload *1*');
    expect(text).toContain('Our team is in a launch crunch this month');
    expect(text).toMatch(/Not answered \(\d+\)/);
    expect(text).not.toContain('· inviting · invites'); // the wave's state in a lead's words
  });

  it('nudges everyone who has not answered once, never twice', async () => {
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_nudge', value: waveId, view: topModal()!.id });
    await rt.drain();
    const pending = await rt.db.selectFrom('invite').select('person_id').where('wave_id', '=', waveId).where('status', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(0);
    await expect.poll(() => nudges().length, { timeout: 10_000 }).toBe(pending.length);
    expect(JSON.stringify(nudges()[0]!.blocks)).toContain('invite_accept');
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_nudge', value: waveId, view: topModal()!.id });
    await rt.drain();
    expect(nudges()).toHaveLength(pending.length);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });

  it('extends the deadline: a bad day is an inline error; a good one reaches every open invite', async () => {
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_extend_open', value: waveId, view: topModal()!.id });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_extend');
    const late = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { new_deadline: '2026-03-17' } });
    expect(late.body).toMatchObject({ response_action: 'errors', errors: { new_deadline: expect.stringContaining('before the start week') } });
    const ok = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { new_deadline: '2026-03-14' } });
    expect(ok.status).toBe(200);
    const wave = await rt.db.selectFrom('wave').select('invite_deadline').where('id', '=', waveId).executeTakeFirstOrThrow();
    expect(wave.invite_deadline.toISOString()).toBe('2026-03-14T17:00:00.000Z');
    await rt.drain();
    expect(inviteMessageOf(rt, people[2]!.slackId)!.text).toContain('Sat 14 Mar');
    // The lead's nudges sent earlier named the old date: updated in place, once each.
    expect(nudges().length).toBeGreaterThan(0);
    await expect.poll(() => nudges().filter((m) => !m.text.includes('Sat 14 Mar')).map((m) => m.text)).toEqual([]);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
    const audit = await rt.db.selectFrom('audit_log').select('action').where('action', 'in', ['wave.extend', 'wave.nudge']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['wave.extend', 'wave.nudge', 'wave.nudge']);
  });

  it('exports the wave as a CSV into the lead\'s DM, with the documented columns, audited', async () => {
    await openWave();
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_export', value: waveId, view: topModal()!.id });
    await expect.poll(() => [...rt.slackEmulator.workspace.files.byId.values()].filter((f) => f.name.endsWith('.csv') && f.channels.length > 0).length, { timeout: 10_000 }).toBe(1);
    const file = [...rt.slackEmulator.workspace.files.byId.values()].find((f) => f.name.endsWith('.csv'))!;
    expect(file.channels).toHaveLength(1);
    const rows = parse(file.bytes!.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...WAVE_CSV_COLUMNS]);
    const invites = await rt.db.selectFrom('invite').select('id').where('wave_id', '=', waveId).execute();
    expect(rows).toHaveLength(invites.length);
    expect(rows.find((r) => r.email === people[1]!.email)).toMatchObject({ answer: 'declined', decline_reason: 'Our team is in a launch crunch this month' });
    expect(await rt.db.selectFrom('audit_log').select('id').where('action', '=', 'wave.export').execute()).toHaveLength(1);
  });

  it('a member forging any wave control is refused, audited, and nothing changes', async () => {
    const member = people[3]!;
    const before = await rt.db.selectFrom('wave').select('invite_deadline').where('id', '=', waveId).executeTakeFirstOrThrow();
    for (const action of ['wave_nudge', 'wave_export', 'wave_extend_open', 'wave_detail_open']) {
      const res = await sendCrafted(rt, craftedButton(member.slackId, action, waveId));
      expect(res.status).toBe(200);
    }
    await rt.drain();
    const refused = await rt.db.selectFrom('audit_log').select('action').where('actor_slack_id', '=', member.slackId).where('allowed', '=', false).execute();
    expect(refused.length).toBe(4);
    expect((await rt.db.selectFrom('wave').select('invite_deadline').where('id', '=', waveId).executeTakeFirstOrThrow()).invite_deadline).toEqual(before.invite_deadline);
    expect([...rt.slackEmulator.workspace.files.byId.values()].filter((f) => f.name.endsWith('.csv'))).toHaveLength(1);
  });
});
