import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, WebClient } from '@slack/web-api';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';
import { botClient } from '../../support/slack.ts';

let slack: SlackEmulator;
let client: WebClient;
let now = 1_700_000_000_000;
const modal = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Pod' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }], ...extra,
});

beforeEach(async () => {
  slack = await startSlackEmulator({ now: () => now });
  client = botClient(slack);
});
afterEach(async () => slack.close());

describe('home tab', () => {
  it('views.publish stores each version per user; a stale hash answers hash_conflict', async () => {
    const erin = slack.workspace.addUser({ name: 'erin' });
    const first = await client.views.publish({ user_id: erin.id, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] } });
    expect(first.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'home', team_id: slack.workspace.teamId, app_id: slack.workspace.app.appId });
    const second = await client.views.publish({ user_id: erin.id, hash: first.view!.hash!, view: { type: 'home', blocks: [] } });
    expect(second.view?.id).toBe(first.view?.id);
    await expect(client.views.publish({ user_id: erin.id, hash: first.view!.hash!, view: { type: 'home', blocks: [] } })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    expect(slack.log.homeViews(erin.id)).toHaveLength(2);
    await expect(client.views.publish({ user_id: erin.id, view: modal('x') as never })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });
});

describe('modals', () => {
  it('views.open needs a live trigger: unknown, used and expired (3 s) triggers fail as in Slack', async () => {
    const finn = slack.workspace.addUser({ name: 'finn' });
    await expect(client.views.open({ trigger_id: '1.2.abc', view: modal('x') })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    const trigger = slack.workspace.views.issueTrigger(finn.id);
    const opened = await client.views.open({ trigger_id: trigger, view: modal('hello', { external_id: 'pod-7-retro' }) });
    expect(opened.view).toMatchObject({ type: 'modal', root_view_id: opened.view?.id, external_id: 'pod-7-retro' });
    await expect(client.views.open({ trigger_id: trigger, view: modal('again') })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    const late = slack.workspace.views.issueTrigger(finn.id);
    now += 3_001;
    await expect(client.views.open({ trigger_id: late, view: modal('late') })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
  });

  it('views.update by view_id or external_id; views.push stacks up to three', async () => {
    const gil = slack.workspace.addUser({ name: 'gil' });
    const opened = await client.views.open({ trigger_id: slack.workspace.views.issueTrigger(gil.id), view: modal('one', { external_id: 'ext-1' }) });
    const byId = await client.views.update({ view_id: opened.view!.id!, view: modal('two') });
    expect(byId.view).toMatchObject({ id: opened.view!.id, blocks: [{ text: { text: 'two' } }] });
    const byExternal = await client.views.update({ external_id: 'ext-1', view: modal('three', { external_id: 'ext-1' }) });
    expect(byExternal.view?.id).toBe(opened.view!.id);
    await expect(client.views.update({ view_id: 'V0NOPE', view: modal('x') })).rejects.toMatchObject({ data: { error: 'not_found' } });
    await client.views.push({ trigger_id: slack.workspace.views.issueTrigger(gil.id), view: modal('second') });
    const third = await client.views.push({ trigger_id: slack.workspace.views.issueTrigger(gil.id), view: modal('third') });
    expect(third.view).toMatchObject({ root_view_id: opened.view!.id });
    await expect(client.views.push({ trigger_id: slack.workspace.views.issueTrigger(gil.id), view: modal('fourth') })).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
    expect(slack.workspace.views.topModal(gil.id)?.id).toBe(third.view?.id);
  });

  it('a modal with inputs must have submit', async () => {
    const hal = slack.workspace.addUser({ name: 'hal' });
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'x' }, blocks: [{ type: 'input', label: { type: 'plain_text', text: 'q' }, element: { type: 'plain_text_input', action_id: 'a' } }] };
    await expect(client.views.open({ trigger_id: slack.workspace.views.issueTrigger(hal.id), view })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
  });
});

describe('uncertain sends', () => {
  it('injectAfterEffect: the message is posted but the answer is lost, so a careful retry finds it by metadata', async () => {
    const ivy = slack.workspace.addUser({ name: 'ivy' });
    slack.faults.injectAfterEffect('chat.postMessage', 'drop');
    const metadata = { event_type: 'peerpods_outbox', event_payload: { idempotency_key: 'invite:ivy' } };
    await expect(client.chat.postMessage({ channel: ivy.id, text: 'Join?', metadata })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(slack.log.dmsTo(ivy.id)).toHaveLength(1);
    expect(slack.log.calls('chat.postMessage')[0]).toMatchObject({ fault: 'drop after effect' });
    const im = await client.conversations.open({ users: ivy.id });
    const history = await client.conversations.history({ channel: im.channel!.id!, include_all_metadata: true });
    expect(history.messages?.[0]?.metadata?.event_payload).toEqual({ idempotency_key: 'invite:ivy' });
    expect(slack.log.duplicates()).toEqual([]);
  });
});
