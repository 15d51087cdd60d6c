import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, LogLevel } from '@slack/bolt';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';

const signingSecret = 'sandbox-signing-secret';
let slack: SlackEmulator;
let app: App;
let server: Server;
const seen: { actions: Array<Record<string, unknown>>; submissions: Array<Record<string, unknown>>; homeOpened: string[] } = { actions: [], submissions: [], homeOpened: [] };

const homeView = {
  type: 'home' as const,
  blocks: [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Your pod' }, accessory: { type: 'button', action_id: 'open_feedback', text: { type: 'plain_text', text: 'Feedback' }, value: 'pod-7' } },
  ],
};
const feedbackModal = {
  type: 'modal' as const,
  callback_id: 'pod_feedback',
  private_metadata: 'pod-7',
  title: { type: 'plain_text' as const, text: 'Retro' },
  submit: { type: 'plain_text' as const, text: 'Send' },
  blocks: [
    { type: 'input', block_id: 'celebrate', label: { type: 'plain_text', text: 'Celebrate' }, element: { type: 'plain_text_input', action_id: 'text' } },
    {
      type: 'input', block_id: 'continue', label: { type: 'plain_text', text: 'Continue?' },
      element: { type: 'static_select', action_id: 'choice', options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }, { text: { type: 'plain_text', text: 'No' }, value: 'no' }] },
    },
    { type: 'input', block_id: 'note', optional: true, label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'text' } },
  ],
};

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  slack = await startSlackEmulator();
  app = new App({ token: slack.botToken, signingSecret, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: slack.apiUrl } });
  app.event('app_home_opened', async ({ event, client }) => {
    seen.homeOpened.push(event.user);
    await client.views.publish({ user_id: event.user, view: homeView });
  });
  app.action('open_feedback', async ({ ack, body, client }) => {
    await ack();
    seen.actions.push(body as unknown as Record<string, unknown>);
    await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: feedbackModal });
  });
  app.action('invite_accept', async ({ ack, body, respond }) => {
    await ack();
    seen.actions.push(body as unknown as Record<string, unknown>);
    await respond({ replace_original: true, text: 'Accepted!' });
  });
  app.view('pod_feedback', async ({ ack, view }) => {
    const values = view.state.values;
    if (values.celebrate?.text?.value === 'nothing') {
      await ack({ response_action: 'errors', errors: { celebrate: 'Surely something?' } });
      return;
    }
    await ack();
    seen.submissions.push(values as unknown as Record<string, unknown>);
  });
  server = (await app.start(0)) as Server;
  slack.driver.configure({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret });
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});

describe('driver against a real Bolt app', () => {
  it('app_home_opened is signed, verified by Bolt, and the handler publishes a home view', async () => {
    const alice = slack.workspace.addUser({ name: 'alice' });
    const result = await slack.driver.openHome(alice.id);
    expect(result.status).toBe(200);
    await until(() => slack.log.homeViews(alice.id).length === 1);
    expect(seen.homeOpened).toContain(alice.id);
    expect(slack.log.homeViews(alice.id)[0]).toMatchObject({ type: 'home', blocks: [{ block_id: 'intro' }] });
    // Bolt authorizes its single token lazily with auth.test on the first request.
    expect(slack.log.calls('auth.test')[0]).toMatchObject({ ok: true, token: slack.botToken });
  });

  it('a home-tab button click opens a modal with the fresh trigger; submit with errors keeps it open, valid submit closes it', async () => {
    const bob = slack.workspace.addUser({ name: 'bob' });
    await slack.driver.openHome(bob.id);
    await until(() => slack.log.homeViews(bob.id).length === 1);
    const click = await slack.driver.clickButton({ userId: bob.id, actionId: 'open_feedback' });
    expect(click.status).toBe(200);
    await until(() => slack.workspace.views.topModal(bob.id) !== undefined);
    const action = seen.actions.at(-1)!;
    expect(action).toMatchObject({
      type: 'block_actions', user: { id: bob.id, username: 'bob', team_id: slack.workspace.teamId }, api_app_id: slack.workspace.app.appId,
      container: { type: 'view' }, team: { id: slack.workspace.teamId }, enterprise: null, view: { type: 'home' },
      actions: [{ action_id: 'open_feedback', block_id: 'intro', value: 'pod-7', type: 'button' }],
    });
    expect(String(action.trigger_id)).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);

    await expect(slack.driver.submitView({ userId: bob.id, values: { celebrate: 'x' } })).rejects.toThrow(/required input "continue\/choice"/);
    const rejected = await slack.driver.submitView({ userId: bob.id, values: { celebrate: 'nothing', choice: 'yes' } });
    expect(rejected.body).toEqual({ response_action: 'errors', errors: { celebrate: 'Surely something?' } });
    expect(slack.workspace.views.topModal(bob.id)).toBeDefined();
    const accepted = await slack.driver.submitView({ userId: bob.id, values: { celebrate: 'We shipped', choice: 'yes' } });
    expect(accepted.status).toBe(200);
    expect(slack.workspace.views.topModal(bob.id)).toBeUndefined();
    expect(seen.submissions.at(-1)).toEqual({
      celebrate: { text: { type: 'plain_text_input', value: 'We shipped' } },
      continue: { choice: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Yes' }, value: 'yes' } } },
      note: { text: { type: 'plain_text_input', value: null } },
    });
  });

  it('a message button click carries channel, message and a response_url that updates the message', async () => {
    const carol = slack.workspace.addUser({ name: 'carol' });
    const posted = await app.client.chat.postMessage({
      channel: carol.id, text: 'Join pod 7?',
      blocks: [{ type: 'actions', block_id: 'invite', elements: [{ type: 'button', action_id: 'invite_accept', text: { type: 'plain_text', text: 'Yes' }, value: 'invite-42' }] }],
    });
    const result = await slack.driver.clickButton({ userId: carol.id, actionId: 'invite_accept', message: { channel: posted.channel!, ts: posted.ts! } });
    expect(result.status).toBe(200);
    await until(() => slack.log.calls('response_url').length > 0);
    expect(seen.actions.at(-1)).toMatchObject({ container: { type: 'message', message_ts: posted.ts, channel_id: posted.channel }, channel: { id: posted.channel }, message: { ts: posted.ts, text: 'Join pod 7?' }, actions: [{ value: 'invite-42' }] });
    expect(slack.log.dmsTo(carol.id)[0]?.text).toBe('Accepted!');
    await expect(slack.driver.clickButton({ userId: carol.id, actionId: 'no_such_button', message: { channel: posted.channel!, ts: posted.ts! } })).rejects.toThrow(/no element/);
  });

  it('forged requests are rejected by Bolt with 401 and no handler runs', async () => {
    const dave = slack.workspace.addUser({ name: 'dave' });
    for (const kind of ['bad_signature', 'stale_timestamp', 'no_signature', 'tampered_body'] as const) {
      expect((await slack.driver.forge(kind, dave.id)).status, kind).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.homeOpened).not.toContain(dave.id);
  });
});
