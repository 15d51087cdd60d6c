import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_MARK } from '../../../src/core/privacy/index.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';
import { seedReportOrg } from '../../reports/fixtures.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

describe('HR home', () => {
  it('shows the rollout from the protected report: no figure under 5 people, nothing recoverable, a signed link', async () => {
    const org = await seedReportOrg(rt.db, rt.slackEmulator);
    await rt.slackEmulator.driver.openHome(org.hr.slackId);
    await expect.poll(() => rt.slackEmulator.log.homeViews(org.hr.slackId).length).toBeGreaterThan(0);
    const blocks = rt.slackEmulator.log.homeViews(org.hr.slackId).at(-1)!.blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain('Rollout across teams');
    // Support (14 people) is shown; Legal (3 people) is hidden, and so is the next smallest
    // team's headcount, or "roster total − the others" would give Legal's 3.
    expect(text).toContain('*Support*: 14 people');
    expect(text).toContain(`*Legal*: ${HIDDEN_MARK} people`);
    expect(text).toContain(`*Design*: ${HIDDEN_MARK} people`);
    expect(text).toMatch(/On the roster\*\\n33 people/);
    // 16 of 20 invited accepted: the 4 who did not would follow from the rate, so it is hidden.
    expect(text).toContain(`*Accepted an invite*\\n${HIDDEN_MARK}`);
    expect(text).not.toContain('secret celebration');
    expect(text).not.toMatch(/legal\d@/);
    const actions = blocks.find((b) => b.type === 'actions' && b.block_id === 'hr_report') as unknown as { elements: { url: string }[] };
    expect(actions.elements[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reports\/hr\?t=[\w-]+\.[\w-]+$/);
    expect(actions.elements[1]!.url).toMatch(/\/reports\/hr\.csv\?t=/);
    expect(blocks.length).toBeLessThan(100);
    for (const b of blocks) expect(JSON.stringify(b).length).toBeLessThan(3000);
  });
});
