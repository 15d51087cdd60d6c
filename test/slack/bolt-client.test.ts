import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime.ts';
import { createProgramme, leadHome, seedLead, seedPeople, startWaveRuntime } from '../waves/support.ts';

// Bolt's own WebClient (the one listeners call) must not retry inside a request: a views.open
// retried after a 5xx comes after its trigger expired, and a retried DM whose first answer was
// lost posts twice. Slow or failed work belongs to the queues, which retry with the outbox's checks.
let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

describe("Bolt's WebClient", () => {
  it('calls views.open once when Slack answers 500, and never again for that click', async () => {
    const lead = await seedLead(rt);
    await seedPeople(rt, { Design: 2 });
    await createProgramme(rt, lead);
    await leadHome(rt, lead.slackId);
    const before = rt.slackEmulator.log.calls('views.open').length;
    rt.slackEmulator.faults.inject('views.open', '500');
    const click = await rt.slackEmulator.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
    expect(click.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.log.calls('views.open').length).toBe(before + 1);
    // The SDK's default policy would retry after about a second; give it three.
    await sleep(3_000);
    const calls = rt.slackEmulator.log.calls('views.open').slice(before);
    expect(calls.map((c) => c.status)).toEqual([500]);
    expect(rt.slackEmulator.workspace.views.topModal(lead.slackId)).toBeUndefined();
  });
});
