import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, DEADLINE, leadHome, seedLead, seedPeople, startWaveRuntime, START_WEEK, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let waveId: string;
let leftOut: string;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const topModal = () => rt.slackEmulator.workspace.views.topModal(lead.slackId);
const modalText = () => JSON.stringify(topModal()?.blocks ?? []);
const figuresLine = (text: string) => /\*(\d+)\* pods · \*(\d+)\* of (\d+) people placed/.exec(text)?.slice(1).join('/');

describe('a preview is a draft wave the lead can come back to', () => {
  it('survives closing the modal: the home tab lists the draft and "Open preview" shows the same pods, a page at a time', async () => {
    lead = await seedLead(rt);
    const teams = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Team ${String(i + 1).padStart(2, '0')}`, 4]));
    await seedPeople(rt, teams, ['Europe/London', 'Europe/Berlin']);
    const programme = await createProgramme(rt, lead);
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((t) => t.id);
    await leadHome(rt, lead.slackId);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_launch_preview');
    await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { programme: programme.id, teams: teamIds, start_week: START_WEEK, invite_deadline: DEADLINE } });
    await expect.poll(() => topModal()?.title, { timeout: 20_000 }).toMatchObject({ text: 'Preview' });
    const first = modalText();
    const figures = figuresLine(first);
    expect(figures).toBeDefined();
    waveId = topModal()!.private_metadata;
    const pods = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).execute();
    expect(pods.length).toBeGreaterThan(20);
    expect(first).toContain(`Pods 1–20 of ${pods.length} · page 1 of 2`);
    await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
    expect(topModal()).toBeUndefined();

    const home = JSON.stringify((await leadHome(rt, lead.slackId)).blocks);
    expect(home).toContain('*Drafts (1)*');
    expect(home).toContain(`${pods.length} pods, 120 people`);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_open', value: waveId });
    await expect.poll(modalText).toContain('Pods 1–20 of');
    expect(figuresLine(modalText())).toBe(figures);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_page', value: `${waveId}|1`, view: topModal()!.id });
    await expect.poll(modalText).toContain(`Pods 21–${pods.length} of ${pods.length} · page 2 of 2`);
    expect(modalText()).toContain(`*Pod ${pods.length}*`);
  });

  it('re-runs the match with a new seed and shows the new figures; audited', async () => {
    const before = await rt.db.selectFrom('wave').select(['seed']).where('id', '=', waveId).executeTakeFirstOrThrow();
    const podsBefore = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).execute()).map((p) => p.id);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_rerun', value: waveId, view: topModal()!.id });
    await expect.poll(async () => (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).execute()).some((p) => podsBefore.includes(p.id)), { timeout: 20_000 }).toBe(false);
    await expect.poll(modalText, { timeout: 10_000 }).toContain('Pods 1–20 of');
    const after = await rt.db.selectFrom('wave').select(['seed']).where('id', '=', waveId).executeTakeFirstOrThrow();
    expect(after.seed).not.toBe(before.seed);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.rerun').execute()).toHaveLength(1);
  });

  it('moves someone out of their pod: the figures change before launch, and the pod never drops below its minimum', async () => {
    const pods = await rt.db.selectFrom('pod').select(['id', 'name', 'min_size', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    const roomy = pods.find((p) => (p.breakdown as { members: string[] }).members.length > p.min_size)!;
    const leaving = (roomy.breakdown as { members: string[] }).members[0]!;
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_move_open', value: waveId, view: topModal()!.id });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_preview_move');
    const found = await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'preview_person', value: '' });
    expect(found.options.length).toBe(100); // 120 placed: the first 100, and the rest by typing
    expect(JSON.stringify(found.body)).toContain('First 100 of 120 people');
    const moved = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { preview_person: leaving } });
    expect(moved.status).toBe(200);
    await expect.poll(modalText).toContain('*119* of 120 people placed · *1* unplaced');
    expect(modalText()).toContain('moved out of a pod by the lead');
    const tight = pods.find((p) => (p.breakdown as { members: string[] }).members.length === p.min_size);
    if (tight) {
      await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_move_open', value: waveId, view: topModal()!.id });
      await expect.poll(() => topModal()?.callback_id).toBe('wave_preview_move');
      const refused = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { preview_person: (tight.breakdown as { members: string[] }).members[0]! } });
      expect(refused.body).toMatchObject({ response_action: 'errors', errors: { preview_person: expect.stringContaining('below its minimum') } });
      await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
    }
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.edit').execute()).toHaveLength(1);
    leftOut = leaving;
  });

  it('launching the reopened preview invites exactly its pods and the draft leaves the home tab', async () => {
    const proposed = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
    await expect.poll(async () => (await rt.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirstOrThrow()).status, { timeout: 15_000 }).toBe('inviting');
    const inviting = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'inviting').execute();
    expect(inviting.map((p) => p.id).sort()).toEqual(proposed.map((p) => p.id).sort());
    expect(await rt.db.selectFrom('invite').select('id').where('person_id', '=', leftOut).execute()).toHaveLength(0);
    await rt.drain();
    expect(JSON.stringify((await leadHome(rt, lead.slackId)).blocks)).not.toContain('Drafts (');
  });
});
