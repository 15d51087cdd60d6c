import type { SlackEmulator } from '../index.ts';

type Json = Record<string, unknown>;

/** One raw Web API call, as the wire carries it: form-encoded, objects JSON-encoded, a bearer token. */
export type Call = (method: string, args?: Record<string, unknown>, token?: string | null) => Promise<Json>;

export interface Ctx {
  slack: SlackEmulator;
  call: Call;
  /** Members seeded before each case: two people, a deactivated one, a user group. */
  ann: string;
  bo: string;
  gone: string;
  group: string;
  /** Moves the emulator's clock on (trigger expiry). */
  advance(ms: number): void;
}

export interface MethodCase {
  method: string;
  /** A call the app makes; it must succeed and match Slack's description of the answer. */
  valid(ctx: Ctx): Promise<Json>;
  /** Each documented error the app can meet, and how to provoke it. */
  errors: Record<string, (ctx: Ctx) => Promise<Json>>;
  /** Fields Slack's example answer shows that are present only in some answers (reason beside each). */
  optionalInExample?: string[];
  /** Places where the 2021 OpenAPI description is wrong about today's answer (reason beside each). */
  errata?: string[];
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (text: string, extra: Json = {}) => ({ type: 'modal', title: { type: 'plain_text', text: 'Pod' }, blocks: [section(text)], ...extra });
const metadata = { event_type: 'peerpods_outbox', event_payload: { idempotency_key: 'k1' } };

async function posted(c: Ctx, text = 'hello'): Promise<{ channel: string; ts: string }> {
  const r = await c.call('chat.postMessage', { channel: c.ann, text, blocks: [section(text)], metadata });
  return { channel: r.channel as string, ts: r.ts as string };
}
const trigger = (c: Ctx) => c.slack.workspace.views.issueTrigger(c.ann);
async function openedModal(c: Ctx, extra: Json = {}): Promise<Json> {
  return (await c.call('views.open', { trigger_id: trigger(c), view: modal('one', extra) })).view as Json;
}

/** The Web API methods the emulator answers (all the app calls, and those Bolt and the tests use). */
export const CASES: MethodCase[] = [
  {
    method: 'auth.test',
    valid: (c) => c.call('auth.test'),
    errors: { not_authed: (c) => c.call('auth.test', {}, null), invalid_auth: (c) => c.call('auth.test', {}, 'xoxb-not-a-token') },
  },
  {
    method: 'chat.postMessage',
    valid: (c) => c.call('chat.postMessage', { channel: c.ann, text: 'hi', blocks: [section('hi')], metadata }),
    // The reference's example is a legacy bot message with attachments; a bot-token post has neither.
    optionalInExample: ['/message: field "username"', '/message: field "attachments"', '/message: field "subtype"'],
    errors: {
      channel_not_found: (c) => c.call('chat.postMessage', { channel: 'C0NOSUCH', text: 'x' }),
      not_in_channel: (c) => c.call('chat.postMessage', { channel: c.slack.workspace.addChannel({ name: 'general', botIsMember: false }), text: 'x' }),
      no_text: (c) => c.call('chat.postMessage', { channel: c.ann }),
      invalid_blocks: (c) => c.call('chat.postMessage', { channel: c.ann, text: 'x', blocks: [section('x'.repeat(3001))] }),
      invalid_blocks_format: (c) => c.call('chat.postMessage', { channel: c.ann, text: 'x', blocks: '{not json' }),
      invalid_metadata_format: (c) => c.call('chat.postMessage', { channel: c.ann, text: 'x', metadata: { event_type: 'x' } }),
      metadata_too_large: (c) => c.call('chat.postMessage', { channel: c.ann, text: 'x', metadata: { event_type: 'x', event_payload: { blob: 'b'.repeat(9000) } } }),
      missing_scope: (c) => { c.slack.workspace.setScopes(['im:write']); return c.call('chat.postMessage', { channel: c.ann, text: 'x' }); },
    },
  },
  {
    method: 'chat.update',
    valid: async (c) => { const p = await posted(c); return c.call('chat.update', { ...p, text: 'v2', blocks: [section('v2')] }); },
    // The description types chat.update's message.blocks as an object; Block Kit blocks are an array.
    errata: ['/message/blocks: expected object, got array'],
    errors: {
      message_not_found: async (c) => c.call('chat.update', { channel: (await posted(c)).channel, ts: '1.000001', text: 'x' }),
      channel_not_found: (c) => c.call('chat.update', { channel: 'D0NOSUCH', ts: '1.000001', text: 'x' }),
      invalid_blocks: async (c) => c.call('chat.update', { ...(await posted(c)), text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] }),
    },
  },
  {
    method: 'chat.delete',
    valid: async (c) => c.call('chat.delete', await posted(c)),
    errors: {
      message_not_found: async (c) => c.call('chat.delete', { channel: (await posted(c)).channel, ts: '1.000001' }),
      channel_not_found: (c) => c.call('chat.delete', { channel: 'D0NOSUCH', ts: '1.000001' }),
    },
  },
  {
    method: 'chat.postEphemeral',
    valid: async (c) => c.call('chat.postEphemeral', { channel: (await posted(c)).channel, user: c.ann, text: 'only you' }),
    errors: {
      user_not_in_channel: async (c) => c.call('chat.postEphemeral', { channel: c.slack.workspace.addChannel({ name: 'pods', members: [c.ann] }), user: c.bo, text: 'x' }),
      channel_not_found: (c) => c.call('chat.postEphemeral', { channel: 'C0NOSUCH', user: c.ann, text: 'x' }),
    },
  },
  {
    method: 'conversations.open',
    valid: (c) => c.call('conversations.open', { users: `${c.ann},${c.bo}` }),
    errors: {
      user_not_found: (c) => c.call('conversations.open', { users: 'U0NOBODY' }),
      user_disabled: (c) => c.call('conversations.open', { users: c.gone }),
      users_list_not_supplied: (c) => c.call('conversations.open', {}),
      too_many_users: (c) => c.call('conversations.open', { users: c.slack.workspace.addUsers(9).map((u) => u.id).join(',') }),
      channel_not_found: (c) => c.call('conversations.open', { channel: 'G0NOSUCH' }),
    },
  },
  {
    method: 'conversations.history',
    valid: async (c) => c.call('conversations.history', { channel: (await posted(c)).channel, limit: 15, include_all_metadata: true }),
    // response_metadata.next_cursor comes only when there is a next page.
    optionalInExample: ['/: field "response_metadata"'],
    errors: {
      channel_not_found: (c) => c.call('conversations.history', { channel: 'D0NOSUCH' }),
      invalid_ts_latest: async (c) => c.call('conversations.history', { channel: (await posted(c)).channel, latest: 'yesterday' }),
      invalid_ts_oldest: async (c) => c.call('conversations.history', { channel: (await posted(c)).channel, oldest: '12:00' }),
      invalid_cursor: async (c) => c.call('conversations.history', { channel: (await posted(c)).channel, cursor: 'not-a-cursor' }),
      missing_scope: async (c) => { const p = await posted(c); c.slack.workspace.setScopes(['chat:write']); return c.call('conversations.history', { channel: p.channel }); },
    },
  },
  {
    method: 'conversations.info',
    // peerpods never calls this (nor asks for channels:read); the check grants it for a public channel.
    valid: async (c) => {
      const channel = c.slack.workspace.addChannel({ name: 'pods', members: [c.ann] });
      c.slack.workspace.setScopes([...c.slack.workspace.app.scopes, 'channels:read']);
      return c.call('conversations.info', { channel });
    },
    errors: { channel_not_found: (c) => c.call('conversations.info', { channel: 'D0NOSUCH' }) },
  },
  {
    method: 'views.publish',
    valid: (c) => c.call('views.publish', { user_id: c.ann, view: { type: 'home', blocks: [section('home')] } }),
    errors: {
      hash_conflict: async (c) => {
        await c.call('views.publish', { user_id: c.ann, view: { type: 'home', blocks: [] } });
        return c.call('views.publish', { user_id: c.ann, hash: 'stale.hash', view: { type: 'home', blocks: [] } });
      },
      invalid_arguments: (c) => c.call('views.publish', { user_id: c.ann, view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) } }),
      duplicate_external_id: async (c) => {
        await openedModal(c, { external_id: 'ext-1' });
        return c.call('views.publish', { user_id: c.bo, view: { type: 'home', blocks: [], external_id: 'ext-1' } });
      },
      view_too_large: (c) => c.call('views.publish', { user_id: c.ann, view: { type: 'home', blocks: Array.from({ length: 100 }, () => section('x'.repeat(2900))) } }),
    },
  },
  {
    method: 'views.open',
    valid: (c) => c.call('views.open', { trigger_id: trigger(c), view: modal('hello') }),
    errors: {
      invalid_trigger_id: (c) => c.call('views.open', { trigger_id: '1.2.nope', view: modal('x') }),
      exchanged_trigger_id: async (c) => { const t = trigger(c); await c.call('views.open', { trigger_id: t, view: modal('x') }); return c.call('views.open', { trigger_id: t, view: modal('y') }); },
      invalid_arguments: (c) => c.call('views.open', { trigger_id: trigger(c), view: modal('x', { title: { type: 'plain_text', text: 'A title longer than twenty-four' } }) }),
      duplicate_external_id: async (c) => { await openedModal(c, { external_id: 'ext-2' }); return c.call('views.open', { trigger_id: trigger(c), view: modal('x', { external_id: 'ext-2' }) }); },
    },
  },
  {
    method: 'views.push',
    valid: async (c) => { await openedModal(c); return c.call('views.push', { trigger_id: trigger(c), view: modal('two') }); },
    errors: {
      push_limit_reached: async (c) => {
        await openedModal(c);
        for (const text of ['two', 'three']) await c.call('views.push', { trigger_id: trigger(c), view: modal(text) });
        return c.call('views.push', { trigger_id: trigger(c), view: modal('four') });
      },
      expired_trigger_id: async (c) => { const t = trigger(c); c.advance(3_001); return c.call('views.push', { trigger_id: t, view: modal('x') }); },
    },
  },
  {
    method: 'views.update',
    valid: async (c) => c.call('views.update', { view_id: (await openedModal(c)).id, view: modal('two') }),
    errors: {
      not_found: (c) => c.call('views.update', { view_id: 'V0NOSUCH', view: modal('x') }),
      hash_conflict: async (c) => c.call('views.update', { view_id: (await openedModal(c)).id, hash: 'stale.hash', view: modal('x') }),
      invalid_arguments: async (c) => c.call('views.update', { view_id: (await openedModal(c)).id, view: modal('x', { blocks: [{ type: 'input', label: { type: 'plain_text', text: 'Pick' }, element: { type: 'static_select', action_id: 'p', options: [] } }] }) }),
    },
  },
  {
    method: 'users.list',
    valid: (c) => c.call('users.list', { limit: 200 }),
    errors: { invalid_cursor: (c) => c.call('users.list', { cursor: 'bm90LWEtdXNlcg==' }) },
  },
  {
    method: 'users.info',
    // has_2fa is shown only to admin and owner tokens.
    optionalInExample: ['/user: field "has_2fa"'],
    valid: (c) => c.call('users.info', { user: c.ann }),
    errors: { user_not_found: (c) => c.call('users.info', { user: 'U0NOBODY' }) },
  },
  {
    method: 'users.lookupByEmail',
    // has_2fa is shown only to admin and owner tokens.
    optionalInExample: ['/user: field "has_2fa"'],
    valid: (c) => c.call('users.lookupByEmail', { email: 'ann@example.com' }),
    errors: { users_not_found: (c) => c.call('users.lookupByEmail', { email: 'nobody@example.com' }) },
  },
  {
    method: 'usergroups.list',
    valid: (c) => c.call('usergroups.list', { include_users: true }),
    errors: { missing_scope: (c) => { c.slack.workspace.setScopes(['chat:write']); return c.call('usergroups.list'); } },
  },
  {
    method: 'usergroups.users.list',
    valid: (c) => c.call('usergroups.users.list', { usergroup: c.group }),
    errors: { no_such_subteam: (c) => c.call('usergroups.users.list', { usergroup: 'S0NOSUCH' }) },
  },
  {
    method: 'files.getUploadURLExternal',
    valid: (c) => c.call('files.getUploadURLExternal', { filename: 'report.csv', length: 12 }),
    errors: { invalid_arguments: (c) => c.call('files.getUploadURLExternal', { filename: 'report.csv', length: 0 }) },
  },
  {
    method: 'files.completeUploadExternal',
    valid: async (c) => {
      const up = await c.call('files.getUploadURLExternal', { filename: 'report.csv', length: 5 });
      await fetch(up.upload_url as string, { method: 'POST', body: 'a,b\n1' });
      return c.call('files.completeUploadExternal', { files: [{ id: up.file_id, title: 'Report' }], channel_id: (await posted(c)).channel });
    },
    errors: {
      file_not_found: (c) => c.call('files.completeUploadExternal', { files: [{ id: 'F0NOSUCH' }] }),
      channel_not_found: async (c) => {
        const up = await c.call('files.getUploadURLExternal', { filename: 'r.csv', length: 1 });
        await fetch(up.upload_url as string, { method: 'POST', body: 'a' });
        return c.call('files.completeUploadExternal', { files: [{ id: up.file_id }], channel_id: 'C0NOSUCH' });
      },
    },
  },
];
