import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideLines } from '../../src/core/rhythm/guide.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, leadHome, seedLead, startWaveRuntime, type Seeded } from '../waves/support.ts';

let rt: TestRuntime;
let lead: Seeded;
beforeAll(async () => {
  ({ rt } = await startWaveRuntime());
  lead = await seedLead(rt);
});
afterAll(async () => rt?.stop());

async function openSettings(programmeId: string) {
  await leadHome(rt, lead.slackId);
  const home = rt.slackEmulator.workspace.views.home(lead.slackId)!.blocks as { block_id?: string; accessory?: { value?: string } }[];
  const blockId = home.find((b) => b.accessory?.value === programmeId)?.block_id;
  await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'programme_edit_open', value: programmeId, ...(blockId ? { blockId } : {}) });
  await expect.poll(() => rt.slackEmulator.workspace.views.topModal(lead.slackId)?.callback_id).toBe('programme_settings');
  return rt.slackEmulator.workspace.views.topModal(lead.slackId)!;
}

const guideField = (view: { blocks: unknown[] }) =>
  ((view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === 'facilitationGuide')?.element?.initial_value ?? '');

describe('facilitation guide and weekly cap in the programme settings', () => {
  it('shows the practice\'s guide scaled to the session count; the lead edits it and the cap', async () => {
    const programme = await createProgramme(rt, lead, 'Circles');
    await rt.db.updateTable('programme').set({ session_count: 4, facilitation_guide: '' }).where('id', '=', programme.id).execute();
    const modal = await openSettings(programme.id);
    const lines = guideField(modal).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^1: Check-in rounds/);
    expect(lines[3]).toMatch(/^4: The closing retrospective/);
    const edited = `${lines.slice(0, 3).join('\n')}\n4: Our own closing ritual`;
    const saved = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { facilitationGuide: edited, nudgeWeeklyCap: '2' } });
    expect((saved.body as { response_action?: string } | undefined)?.response_action).toBeUndefined();
    const row = await rt.db.selectFrom('programme').select(['facilitation_guide', 'nudge_weekly_cap']).where('id', '=', programme.id).executeTakeFirstOrThrow();
    expect(row.nudge_weekly_cap).toBe(2);
    expect(guideLines(row.facilitation_guide).at(-1)).toBe('Our own closing ritual');
  });

  it('refuses a cap out of range inline and changes nothing', async () => {
    const programme = await rt.db.selectFrom('programme').select('id').where('name', '=', 'Circles').executeTakeFirstOrThrow();
    await openSettings(programme.id);
    const bad = await rt.slackEmulator.driver.submitView({ userId: lead.slackId, values: { nudgeWeeklyCap: '0' } });
    expect(bad.body).toMatchObject({ response_action: 'errors', errors: { nudgeWeeklyCap: expect.any(String) } });
    expect((await rt.db.selectFrom('programme').select('nudge_weekly_cap').where('id', '=', programme.id).executeTakeFirstOrThrow()).nudge_weekly_cap).toBe(2);
  });
});
