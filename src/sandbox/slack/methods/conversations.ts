import { decodeCursor, encodeCursor } from '../ids.ts';
import { SlackApiError } from '../params.ts';
import { compareTs } from '../conversations.ts';
import type { Conversation } from '../conversations.ts';
import type { Workspace } from '../workspace.ts';
import type { MethodHandler } from './context.ts';
import { present } from './chat.ts';

const MAX_GROUP_DM_USERS = 8;
/** A message timestamp as oldest/latest take it: unix seconds, optionally with a fraction. */
const TS = /^\d+(\.\d+)?$/;
/** Page cap since 2025 for non-Marketplace apps distributed to other organisations. */
export const NON_MARKETPLACE_PAGE = 15;

/** conversations.open: one user => the app's DM (D…), 2–8 users => a group DM (G…) with the bot in it. */
export const open: MethodHandler = ({ params, ws, caller }) => {
  const channel = params.str('channel');
  if (channel !== undefined) {
    const known = ws.conversations.get(channel);
    if (!known || !known.members.includes(caller.userId)) throw new SlackApiError('channel_not_found');
    return answer(known, true, params.bool('return_im'), ws);
  }
  const users = [...new Set((params.str('users') ?? '').split(',').map((u) => u.trim()).filter((u) => u && u !== caller.userId))];
  if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
  if (users.length > MAX_GROUP_DM_USERS) throw new SlackApiError('too_many_users');
  for (const id of users) {
    const user = ws.user(id);
    if (!user) throw new SlackApiError('user_not_found');
    if (user.deleted) throw new SlackApiError('user_disabled');
  }
  const { conversation, existed } = users.length === 1 ? ws.conversations.openIm(users[0]!) : ws.conversations.openMpim(users);
  return answer(conversation, existed, params.bool('return_im'), ws);
};

/** conversations.history: newest first, `limit` per page, cursor paging, metadata with include_all_metadata. */
export const history: MethodHandler = ({ params, ws, caller }) => {
  const conversation = ws.conversations.get(params.need('channel', 'channel_not_found'));
  if (!conversation) throw new SlackApiError('channel_not_found');
  if (!conversation.members.includes(caller.userId)) throw new SlackApiError(conversation.kind === 'channel' ? 'not_in_channel' : 'channel_not_found');
  // Internal apps: default 100, at most 999. Commercially distributed non-Marketplace apps: 15.
  const pageMax = ws.app.distribution === 'non_marketplace' ? NON_MARKETPLACE_PAGE : 999;
  const limit = Math.min(Math.max(params.int('limit', Math.min(100, pageMax)), 1), pageMax);
  const inclusive = params.bool('inclusive');
  const oldest = params.str('oldest');
  let latest = params.str('latest');
  if (latest !== undefined && !TS.test(latest)) throw new SlackApiError('invalid_ts_latest');
  if (oldest !== undefined && !TS.test(oldest)) throw new SlackApiError('invalid_ts_oldest');
  let latestInclusive = inclusive;
  const cursor = params.str('cursor');
  if (cursor !== undefined) {
    const position = decodeCursor('next_ts', cursor);
    if (position === undefined) throw new SlackApiError('invalid_cursor');
    latest = position;
    latestInclusive = true;
  }
  const inRange = conversation.messages
    .filter((m) => latest === undefined || (latestInclusive ? compareTs(m.ts, latest) <= 0 : compareTs(m.ts, latest) < 0))
    .filter((m) => oldest === undefined || (inclusive ? compareTs(m.ts, oldest) >= 0 : compareTs(m.ts, oldest) > 0))
    .sort((a, b) => compareTs(b.ts, a.ts));
  const page = inRange.slice(0, limit);
  const next = inRange[limit];
  const withMetadata = params.bool('include_all_metadata');
  return {
    messages: page.map((m) => present(m, withMetadata)),
    has_more: next !== undefined,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    ...(next ? { response_metadata: { next_cursor: encodeCursor('next_ts', next.ts) } } : {}),
  };
};

/** conversations.info: enough for an app to check what a conversation is. */
export const info: MethodHandler = ({ params, ws, caller }) => {
  const conversation = ws.conversations.get(params.need('channel', 'channel_not_found'));
  if (!conversation || (conversation.kind !== 'channel' && !conversation.members.includes(caller.userId))) throw new SlackApiError('channel_not_found');
  return { channel: describe(conversation, ws) };
};

function answer(conversation: Conversation, existed: boolean, full: boolean, ws: Workspace): Record<string, unknown> {
  const channel = full ? describe(conversation, ws) : { id: conversation.id };
  return existed ? { no_op: true, already_open: true, channel } : { channel };
}

function describe(c: Conversation, ws: Workspace): Record<string, unknown> {
  const base = { id: c.id, created: c.created, is_archived: false, is_org_shared: false, context_team_id: ws.teamId, updated: c.created * 1000 };
  if (c.kind === 'im') return { ...base, is_im: true, user: c.name, is_open: true, priority: 0 };
  const empty = { value: '', creator: '', last_set: 0 };
  return {
    ...base, name: c.name, name_normalized: c.name, is_channel: c.kind === 'channel', is_group: false, is_im: false, is_mpim: c.kind === 'mpim',
    is_private: c.kind === 'mpim', is_general: false, unlinked: 0, is_shared: false, is_frozen: false, is_ext_shared: false,
    is_pending_ext_shared: false, pending_shared: [], pending_connected_team_ids: [], shared_team_ids: [ws.teamId],
    parent_conversation: null, creator: ws.app.botUserId, is_member: true, num_members: c.members.length,
    topic: empty, purpose: empty, properties: {}, previous_names: [],
  };
}
