import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';
import { botClient } from '../../support/slack.ts';

let slack: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  slack = await startSlackEmulator();
  client = botClient(slack);
});
afterEach(async () => slack.close());

describe('auth', () => {
  it('auth.test answers for the bot token; a missing or wrong token fails as Slack does', async () => {
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, user_id: slack.workspace.app.botUserId, bot_id: slack.workspace.app.botId, team_id: slack.workspace.teamId });
    await expect(new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }).auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }).auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
    slack.workspace.revokeToken(slack.botToken);
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });

  it('an unknown method answers unknown_method and everything is logged', async () => {
    await expect(client.apiCall('pods.magic')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(slack.log.calls('pods.magic')).toHaveLength(1);
    expect(slack.log.calls()[0]).toMatchObject({ method: 'pods.magic', status: 200, ok: false, error: 'unknown_method', token: slack.botToken });
  });
});

describe('messages', () => {
  it('posting to a user id opens their DM; metadata round-trips through history; chat.update keeps it current', async () => {
    const alice = slack.workspace.addUser({ email: 'alice@example.com' });
    const metadata = { event_type: 'pod_invite', event_payload: { idempotency_key: 'invite:1', pod: 7 } };
    const posted = await client.chat.postMessage({ channel: alice.id, text: 'You are invited', metadata });
    expect(posted.channel).toMatch(/^D/);
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const opened = await client.conversations.open({ users: alice.id });
    expect(opened).toMatchObject({ channel: { id: posted.channel }, already_open: true });

    await client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'Accepted', metadata: { event_type: 'pod_invite', event_payload: { idempotency_key: 'invite:1', state: 'accepted' } } });
    const withMeta = await client.conversations.history({ channel: posted.channel!, include_all_metadata: true });
    expect(withMeta.messages?.[0]).toMatchObject({ text: 'Accepted', metadata: { event_type: 'pod_invite', event_payload: { state: 'accepted' } }, edited: { user: slack.workspace.app.botUserId } });
    const withoutMeta = await client.conversations.history({ channel: posted.channel! });
    expect(withoutMeta.messages?.[0]).not.toHaveProperty('metadata');
    expect(slack.log.dmsTo(alice.id).map((m) => m.text)).toEqual(['Accepted']);
    await expect(client.chat.update({ channel: posted.channel!, ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('rejects what Slack rejects: no text, unknown channel or user, bad metadata; codes chat.postMessage documents', async () => {
    slack.limits.disable(); // six posts to one DM within a second
    const bob = slack.workspace.addUser({ name: 'bob' });
    await expect(client.chat.postMessage({ channel: bob.id } as never)).rejects.toMatchObject({ data: { error: 'no_text' } });
    await expect(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: 'U0NOBODY', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: bob.id, text: 'x', metadata: { event_type: 'x' } as never })).rejects.toMatchObject({ data: { error: 'invalid_metadata_format' } });
    const big = { event_type: 'x', event_payload: { blob: 'b'.repeat(9000) } };
    await expect(client.chat.postMessage({ channel: bob.id, text: 'x', metadata: big })).rejects.toMatchObject({ data: { error: 'metadata_too_large' } });
    // Deactivated: chat.postMessage documents no user_disabled and Slack keeps the DM, so the post
    // goes through; conversations.open does document it. The app must check its roster first.
    slack.workspace.deactivateUser(bob.id);
    await expect(client.chat.postMessage({ channel: bob.id, text: 'x' })).resolves.toMatchObject({ ok: true });
    await expect(client.conversations.open({ users: bob.id })).rejects.toMatchObject({ data: { error: 'user_disabled' } });
  });

  it('history pages newest first with a cursor', async () => {
    const channel = slack.workspace.addChannel({ name: 'pods' });
    // A public channel's history needs channels:history, which peerpods does not ask for.
    slack.workspace.setScopes([...slack.workspace.app.scopes, 'channels:history']);
    slack.limits.disable();
    for (let i = 1; i <= 5; i++) await client.chat.postMessage({ channel, text: `m${i}` });
    const first = await client.conversations.history({ channel, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m5', 'm4']);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({ channel, limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect(second.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    const third = await client.conversations.history({ channel, limit: 2, cursor: second.response_metadata!.next_cursor! });
    expect(third.messages?.map((m) => m.text)).toEqual(['m1']);
    expect(third.has_more).toBe(false);
  });

  it('duplicates() finds messages sharing one idempotency key', async () => {
    const carol = slack.workspace.addUser({ name: 'carol' });
    const metadata = { event_type: 'nudge', event_payload: { idempotency_key: 'nudge:carol:1' } };
    await client.chat.postMessage({ channel: carol.id, text: 'a', metadata });
    await client.chat.postMessage({ channel: carol.id, text: 'b', metadata: { event_type: 'nudge', event_payload: { idempotency_key: 'other' } } });
    expect(slack.log.duplicates()).toEqual([]);
    await client.chat.postMessage({ channel: carol.id, text: 'a again', metadata });
    expect(slack.log.duplicates().map((g) => g.map((m) => m.text))).toEqual([['a', 'a again']]);
  });
});

describe('group DMs', () => {
  it('2..8 users open a G… conversation with the bot, stable for the same set in any order', async () => {
    const people = slack.workspace.addUsers(9);
    const ids = people.map((p) => p.id);
    const first = await client.conversations.open({ users: ids.slice(0, 4).join(',') });
    expect(first.channel?.id).toMatch(/^G/);
    expect(first).not.toHaveProperty('already_open');
    const again = await client.conversations.open({ users: [...ids.slice(0, 4)].reverse().join(',') });
    expect(again).toMatchObject({ channel: { id: first.channel!.id }, already_open: true });
    const other = await client.conversations.open({ users: ids.slice(0, 5).join(',') });
    expect(other.channel?.id).not.toBe(first.channel!.id);
    const full = await client.conversations.open({ users: ids.slice(0, 3).join(','), return_im: true });
    expect(full.channel).toMatchObject({ is_mpim: true, num_members: 4 });
    await expect(client.conversations.open({ users: ids.join(',') })).rejects.toMatchObject({ data: { error: 'too_many_users' } });
    await expect(client.conversations.open({ users: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    const posted = await client.chat.postMessage({ channel: first.channel!.id!, text: 'Welcome, pod!' });
    expect(slack.log.messages(first.channel!.id!)[0]).toMatchObject({ ts: posted.ts, text: 'Welcome, pod!' });
  });
});

describe('more of chat, and the summary', () => {
  it('chat.delete, chat.postEphemeral, metadata {} removal, parsed params in the log and summary figures', async () => {
    const [a, b] = slack.workspace.addUsers(2);
    const posted = await client.chat.postMessage({ channel: a!.id, text: 'x', blocks: [{ type: 'divider' }], metadata: { event_type: 't', event_payload: { idempotency_key: 'k1' } } });
    expect(slack.log.calls('chat.postMessage')[0]?.params).toMatchObject({ blocks: [{ type: 'divider' }], metadata: { event_type: 't' } });
    await client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'y', metadata: {} as never });
    expect(slack.log.dmsTo(a!.id)[0]).not.toHaveProperty('metadata');
    expect(slack.log.dmsTo(a!.id)[0]?.blocks).toEqual([{ type: 'divider' }]);
    await client.chat.postEphemeral({ channel: b!.id, user: b!.id, text: 'only you' });
    expect(slack.workspace.ephemerals).toMatchObject([{ user: b!.id, text: 'only you' }]);
    const summary = slack.log.summary();
    expect(summary).toMatchObject({ people: 2, messages: 1, dmMessages: 1, messageUpdates: 1, ephemerals: 1, duplicateMessages: 0, rateLimited: 0 });
    await client.chat.delete({ channel: posted.channel!, ts: posted.ts! });
    expect(slack.log.dmsTo(a!.id)).toHaveLength(0);
    await expect(client.chat.delete({ channel: posted.channel!, ts: posted.ts! })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });
});
