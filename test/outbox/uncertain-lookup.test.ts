import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOutboxByKey } from '../../src/outbox/outbox.repository.ts';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { botClient } from '../support/slack.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The uncertain-send look-up under Slack's strictest conversations.history rule (2025, for
 * commercially distributed non-Marketplace apps: 1 call a minute, pages of 15). A peerpods install
 * is an internal app and keeps Tier 3, but the look-up must work either way.
 */
let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({ sandbox: { slack: { distribution: 'non_marketplace' } } });
});
afterAll(async () => rt?.stop());

describe('uncertain-send look-up within conversations.history limits', () => {
  it('reads only the window since the intent was written, 15 at a time, and posts exactly once', async () => {
    const slack = rt.slackEmulator;
    const user = slack.workspace.addUser({ email: 'window@example.com' });
    // Forty older messages in the same DM, written well before the intent (an hour back).
    const ws = slack.workspace;
    const dm = ws.conversations.openIm(user.id).conversation;
    const hourAgo = rt.clock.now().getTime() - 3_600_000;
    for (let i = 0; i < 40; i++) {
      dm.messages.push({ type: 'message', ts: ws.ts.next(hourAgo + i), channel: dm.id, user: ws.app.botUserId, bot_id: ws.app.botId, app_id: ws.app.appId, team: ws.teamId, text: `old ${i}`, history: [] });
    }

    slack.faults.injectAfterEffect('chat.postMessage', 'drop');
    await withOutbox(rt, async (_trx, emit) => emit({ key: 'window/1', kind: 'slack.message', payload: { channel: user.id, text: 'exactly once' } }));
    await rt.drain(30_000);

    expect(slack.log.dmsTo(user.id).filter((m) => m.text === 'exactly once')).toHaveLength(1);
    expect((await findOutboxByKey(rt.db, 'window/1'))?.state).toBe('sent');
    const lookups = slack.log.calls('conversations.history');
    expect(lookups).toHaveLength(1); // one call, within the 1-a-minute budget
    const { limit, oldest } = lookups[0]!.params as { limit: string; oldest: string };
    expect(Number(limit)).toBeLessThanOrEqual(15);
    const row = await findOutboxByKey(rt.db, 'window/1');
    expect(Number(oldest)).toBeGreaterThan(hourAgo / 1000);
    expect(Number(oldest)).toBeLessThanOrEqual(row!.created_at.getTime() / 1000);
  });

  it('the emulator enforces the stricter rule: a second history call within the minute is a 429, pages are capped at 15', async () => {
    const slack = rt.slackEmulator;
    const user = slack.workspace.addUser({ email: 'strict@example.com' });
    const client = botClient(slack);
    slack.limits.disable();
    for (let i = 0; i < 20; i++) await client.chat.postMessage({ channel: user.id, text: `m${i}` });
    slack.limits.enable();
    slack.limits.reset();
    const channel = slack.workspace.conversations.imOf(user.id)!.id;
    const page = await client.conversations.history({ channel, limit: 100 });
    expect(page.messages).toHaveLength(15);
    expect(page.has_more).toBe(true);
    await expect(client.conversations.history({ channel, limit: 100 })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
  });
});
