import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, sendCrafted } from './forge.ts';
import { createProgramme, DEADLINE, leadHome, seedLead, seedPeople, startWaveRuntime, START_WEEK, type Seeded } from './support.ts';

let rt: TestRuntime;
let lead: Seeded;
let waveId: string;
let leftOut: string | undefined;
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

  it('swaps two people between pods: both pods are re-described and the preview shows the effect on the figures; same-pod and unknown picks are refused', async () => {
    const pods = await rt.db.selectFrom('pod').select(['id', 'name', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    const teamOf = new Map((await rt.db.selectFrom('person').select(['id', 'team_id']).execute()).map((p) => [p.id, p.team_id]));
    const members = (p: (typeof pods)[number]) => (p.breakdown as { members: string[] }).members;
    // Someone whose teammate sits in another pod: swapping them there adds a same-team pair.
    let pick: { a: string; b: string; from: string; to: string } | undefined;
    for (const from of pods) for (const a of members(from)) for (const to of pods) {
      if (pick || to.id === from.id || !members(to).some((x) => teamOf.get(x) === teamOf.get(a))) continue;
      const b = members(to).find((x) => teamOf.get(x) !== teamOf.get(a) && !members(from).some((y) => y !== a && teamOf.get(y) === teamOf.get(x)));
      if (b) pick = { a, b, from: from.id, to: to.id };
    }
    expect(pick).toBeDefined();
    const sameBefore = Number(/, (\d+) same-team/.exec(modalText())![1]);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_swap_open', value: waveId, view: topModal()!.id });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_preview_swap');
    const found = await rt.slackEmulator.driver.suggest({ userId: lead.slackId, actionId: 'swap_first', value: '' });
    expect(found.options.length).toBeGreaterThan(0);
    const samePod = members(pods.find((p) => p.id === pick!.from)!);
    const refused = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { swap_first: samePod[0], swap_second: samePod[1] } });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { swap_second: expect.stringContaining('Both are in') } });
    const stranger = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { swap_first: pick!.a, swap_second: leftOut } });
    expect(stranger.body).toMatchObject({ response_action: 'errors', errors: { swap_second: expect.stringContaining('not in a pod of this draft') } });
    const swapped = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { swap_first: pick!.a, swap_second: pick!.b } });
    expect(swapped.status).toBe(200);
    await expect.poll(modalText).toContain('Effect of swapping');
    expect(modalText()).toContain(`same-team pairs ${sameBefore} → *${sameBefore + 1}*`);
    expect(modalText()).toContain(`, ${sameBefore + 1} same-team`);
    const after = await rt.db.selectFrom('pod').select(['id', 'breakdown', 'score']).where('id', 'in', [pick!.from, pick!.to]).execute();
    const byId = new Map(after.map((p) => [p.id, (p.breakdown as { members: string[]; edited?: boolean })]));
    expect(byId.get(pick!.from)!.members).toContain(pick!.b);
    expect(byId.get(pick!.to)!.members).toContain(pick!.a);
    expect(byId.get(pick!.to)!.edited).toBe(true);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.edit').where('detail', 'like', 'swapping %').execute()).toHaveLength(1);
  });

  it('re-runs the match with other settings (pod size, how many pods): bad settings are refused inline, and the preview shows the figures before and after', async () => {
    const podsBefore = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'proposed').execute()).length;
    const seedBefore = (await rt.db.selectFrom('wave').select('seed').where('id', '=', waveId).executeTakeFirstOrThrow()).seed;
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_settings_open', value: waveId, view: topModal()!.id });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_preview_settings');
    const bad = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { rerun_min_size: '5', rerun_max_size: '4', rerun_pod_sizes: 'larger' } });
    expect(bad.body).toMatchObject({ response_action: 'errors', errors: { rerun_max_size: expect.stringContaining('cannot be smaller') } });
    const same = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { rerun_min_size: '4', rerun_max_size: '5', rerun_pod_sizes: 'larger' } });
    expect(same.body).toMatchObject({ response_action: 'errors', errors: { rerun_min_size: expect.stringContaining('These are the settings') } });
    const ok = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { rerun_min_size: '3', rerun_max_size: '4', rerun_pod_sizes: 'smaller' } });
    expect(ok.status).toBe(200);
    await expect.poll(modalText, { timeout: 20_000 }).toContain('Effect of re-running with pods of 3–4');
    const wave = await rt.db.selectFrom('wave').select(['seed', 'settings']).where('id', '=', waveId).executeTakeFirstOrThrow();
    expect(wave.settings).toMatchObject({ minSize: 3, maxSize: 4, podSizes: 'smaller' });
    expect(wave.seed).toBe(seedBefore);
    const podsAfter = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'proposed').execute()).length;
    expect(podsAfter).toBe(40); // 120 people in as many pods as possible of 3
    expect(modalText()).toContain(`pods ${podsBefore} → *${podsAfter}*`);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.rerun').where('detail', 'like', 'pods of 3–4%').execute()).toHaveLength(1);
    // Pods of 3 place everyone, the person moved out earlier too.
    expect(modalText()).toContain('*120* of 120 people placed');
    leftOut = undefined;
  });

  it('discards a second draft after the confirm dialog: nothing of it is left as a draft, and nobody was sent anything', async () => {
    const programme = await rt.db.selectFrom('programme').select('id').executeTakeFirstOrThrow();
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((t) => t.id);
    await rt.slackEmulator.driver.closeView({ userId: lead.slackId });
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
    await expect.poll(() => topModal()?.callback_id).toBe('wave_launch_preview');
    await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { programme: programme.id, teams: teamIds.slice(0, 5), start_week: START_WEEK, invite_deadline: DEADLINE } });
    await expect.poll(() => topModal()?.title, { timeout: 20_000 }).toMatchObject({ text: 'Preview' });
    await expect.poll(modalText, { timeout: 20_000 }).toContain('Discard draft');
    const second = topModal()!.private_metadata;
    expect(second).not.toBe(waveId);
    const button = (topModal()!.blocks as { elements?: { action_id?: string; confirm?: unknown }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'wave_preview_discard');
    expect(button?.confirm).toMatchObject({ title: { text: 'Discard this draft?' } });
    const outbox = async () => (await rt.db.selectFrom('outbox').select('idempotency_key').execute()).length;
    const outboxBefore = await outbox();
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_discard', value: second, view: topModal()!.id });
    await expect.poll(modalText).toContain('was discarded');
    const wave = await rt.db.selectFrom('wave').select(['status', 'cancelled_at']).where('id', '=', second).executeTakeFirstOrThrow();
    expect(wave.status).toBe('cancelled');
    expect(await rt.db.selectFrom('pod').select('id').where('wave_id', '=', second).where('status', '!=', 'dissolved').execute()).toHaveLength(0);
    expect(await rt.db.selectFrom('wave_member').select('person_id').where('wave_id', '=', second).execute()).toHaveLength(0);
    expect(await rt.db.selectFrom('invite').select('id').where('wave_id', '=', second).execute()).toHaveLength(0);
    expect(await outbox()).toBe(outboxBefore);
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.discard').execute()).toHaveLength(1);
    // Discarding again (a second click) is refused and changes nothing.
    await sendCrafted(rt, craftedButton(lead.slackId, 'wave_preview_discard', second));
    expect(await rt.db.selectFrom('audit_log').select('detail').where('action', '=', 'wave.preview.discard').execute()).toHaveLength(1);
    const home = JSON.stringify((await leadHome(rt, lead.slackId)).blocks);
    expect(home).toContain('*Drafts (1)*');
    expect(home).not.toContain(second);
    await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_preview_open', value: waveId });
    await expect.poll(modalText).toContain('Pods 1–20 of');
  });

  it('launching the reopened preview invites exactly its pods and the draft leaves the home tab', async () => {
    const proposed = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    await rt.slackEmulator.driver.submitView({ userId: lead.slackId });
    await expect.poll(async () => (await rt.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirstOrThrow()).status, { timeout: 15_000 }).toBe('inviting');
    const inviting = await rt.db.selectFrom('pod').select('id').where('wave_id', '=', waveId).where('status', '=', 'inviting').execute();
    expect(inviting.map((p) => p.id).sort()).toEqual(proposed.map((p) => p.id).sort());
    if (leftOut) expect(await rt.db.selectFrom('invite').select('id').where('person_id', '=', leftOut).execute()).toHaveLength(0);
    await rt.drain();
    expect(JSON.stringify((await leadHome(rt, lead.slackId)).blocks)).not.toContain('Drafts (');
  });
});
