import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/sandbox/slack/signing.ts';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';

/** A bare HTTP app that records what Slack sent and answers with the scripted statuses (0 = never answer). */
async function scriptedApp(statuses: number[]): Promise<{ url: string; received: Array<{ headers: IncomingMessage['headers']; body: string }>; server: Server }> {
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses[received.length - 1] ?? 200;
      if (status !== 0) res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received, server };
}

let slack: SlackEmulator;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  await slack.close();
});

describe('driver delivery', () => {
  it('retries an event Slack-style: same event_id, x-slack-retry-num 1.., reason, fresh valid signature', async () => {
    slack = await startSlackEmulator();
    const app = await scriptedApp([500, 0, 200]);
    server = app.server;
    slack.driver.configure({ requestUrl: app.url, signingSecret: 's3cret', timeoutMs: 1_500 });
    const user = slack.workspace.addUser({ name: 'jo' });
    const attempts = await slack.driver.deliverEvent(slack.driver.homeOpenedEvent(user.id));
    expect(attempts.map((a) => a.status)).toEqual([500, 0, 200]);
    expect(attempts[1]?.timedOut).toBe(true);
    const ids = app.received.map((r) => (JSON.parse(r.body) as { event_id: string }).event_id);
    expect(new Set(ids).size).toBe(1);
    expect(app.received.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2']);
    expect(app.received.map((r) => r.headers['x-slack-retry-reason'])).toEqual([undefined, 'http_error', 'http_timeout']);
    for (const r of app.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-slack-signature']).toBe(signSlackRequest('s3cret', Number(r.headers['x-slack-request-timestamp']), r.body));
    }
    expect(JSON.parse(app.received[0]!.body)).toMatchObject({
      type: 'event_callback', team_id: slack.workspace.teamId, api_app_id: slack.workspace.app.appId,
      event: { type: 'app_home_opened', user: user.id, channel: expect.stringMatching(/^D/), tab: 'home', event_ts: expect.any(String) },
      event_time: expect.any(Number), authorizations: [{ user_id: slack.workspace.app.botUserId, is_bot: true }],
    });
  });

  it('interactions are form-encoded payload=<json> with the exact content type', async () => {
    slack = await startSlackEmulator();
    const app = await scriptedApp([200]);
    server = app.server;
    slack.driver.configure({ requestUrl: app.url, signingSecret: 's3cret' });
    const kim = slack.workspace.addUser({ name: 'kim' });
    slack.workspace.views.publishHome(kim.id, { type: 'home', blocks: [{ type: 'actions', block_id: 'b', elements: [{ type: 'static_select', action_id: 'cadence', options: [{ text: { type: 'plain_text', text: 'Weekly' }, value: 'weekly' }] }] }] }, undefined);
    await slack.driver.clickButton({ userId: kim.id, actionId: 'cadence', selected: 'weekly' });
    const [request] = app.received;
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const payload = JSON.parse(new URLSearchParams(request!.body).get('payload')!) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'block_actions', container: { type: 'view' }, actions: [{ type: 'static_select', action_id: 'cadence', block_id: 'b', selected_option: { value: 'weekly' } }] });
    await expect(slack.driver.clickButton({ userId: kim.id, actionId: 'cadence', selected: 'daily' })).rejects.toThrow(/no option/);
  });

  it('closeView pops the modal and notifies only when notify_on_close is set', async () => {
    slack = await startSlackEmulator();
    const app = await scriptedApp([200]);
    server = app.server;
    slack.driver.configure({ requestUrl: app.url, signingSecret: 's3cret' });
    const lee = slack.workspace.addUser({ name: 'lee' });
    const title = { type: 'plain_text', text: 'x' };
    slack.workspace.views.openModal(lee.id, { type: 'modal', title, blocks: [] });
    expect(await slack.driver.closeView({ userId: lee.id })).toBeUndefined();
    slack.workspace.views.openModal(lee.id, { type: 'modal', title, blocks: [], notify_on_close: true, callback_id: 'retro' });
    expect((await slack.driver.closeView({ userId: lee.id }))?.status).toBe(200);
    expect(JSON.parse(new URLSearchParams(app.received[0]!.body).get('payload')!)).toMatchObject({ type: 'view_closed', view: { callback_id: 'retro' }, is_cleared: false });
    expect(slack.workspace.views.topModal(lee.id)).toBeUndefined();
  });
});
