import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

describe('runtime', () => {
  it('publishes the home tab when Slack reports app_home_opened', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'ana@example.com', realName: 'Ana' });
    const response = await rt.slackEmulator.driver.openHome(user.id);
    expect(response.status).toBe(200);
    await expect.poll(() => rt.slackEmulator.log.homeViews(user.id).length).toBeGreaterThan(0);
  });

  it('delivers an outbox intent once, even when enqueued twice', async () => {
    const user = rt.slackEmulator.workspace.addUser({ email: 'bo@example.com', realName: 'Bo' });
    for (let i = 0; i < 2; i++) {
      await withOutbox(rt, async (_trx, emit) => {
        emit({ key: 'test/hello', kind: 'slack.message', payload: { channel: user.id, text: 'hello' } });
      });
    }
    await rt.drain();
    expect(rt.slackEmulator.log.dmsTo(user.id).map((m) => m.text)).toEqual(['hello']);
    expect(rt.slackEmulator.log.duplicates()).toEqual([]);
  });
});

describe('requests Slack did not sign', () => {
  it.each(['bad_signature', 'stale_timestamp', 'no_signature', 'tampered_body'] as const)('are refused with 401 and change nothing (%s)', async (kind) => {
    const user = rt.slackEmulator.workspace.addUser({ email: `forged-${kind}@example.com`, realName: 'Forger' });
    const before = rt.slackEmulator.log.calls().length;
    const response = await rt.slackEmulator.driver.forge(kind, user.id);
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rt.slackEmulator.log.calls().length).toBe(before);
  });
});
