import { SlackApiError, isRecord, refused, type Params } from '../params.ts';
import { messageBlockProblems } from '../block-kit/index.ts';
import type { Conversation, MessageMetadata, StoredMessage } from '../conversations.ts';
import type { Workspace } from '../workspace.ts';
import type { MethodHandler } from './context.ts';

const MAX_TEXT = 40_000;
/**
 * Slack answers metadata_too_large past a size its docs do not state; 8 KB of JSON is the
 * emulator's stand-in (our metadata is one idempotency key, well under it).
 */
export const MAX_METADATA_BYTES = 8 * 1024;

/** chat.postMessage: to a channel id, or to a user id (then into the app's DM with them). */
export const postMessage: MethodHandler = ({ params, ws, caller }) => {
  const conversation = resolveTarget(ws, params.need('channel', 'channel_not_found'), caller.userId);
  const content = readContent(params, true);
  const message: StoredMessage = {
    type: 'message', ts: ws.ts.next(ws.now()), channel: conversation.id, user: caller.userId,
    bot_id: caller.botId ?? ws.app.botId, app_id: ws.app.appId, team: ws.teamId, text: content.text ?? '',
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.metadata ? { metadata: content.metadata } : {}),
    ...(params.has('thread_ts') ? { thread_ts: params.need('thread_ts') } : {}),
    history: [],
  };
  conversation.messages.push(message);
  return { channel: conversation.id, ts: message.ts, message: present(message, true) };
};

/** chat.update: replaces text/blocks/metadata of one of the app's messages, found by channel + ts. */
export const update: MethodHandler = ({ params, ws, caller }) => {
  const conversation = ws.conversations.get(params.need('channel', 'channel_not_found'));
  if (!conversation || !conversation.members.includes(caller.userId)) throw new SlackApiError('channel_not_found');
  const message = conversation.messages.find((m) => m.ts === params.need('ts', 'message_not_found'));
  if (!message) throw new SlackApiError('message_not_found');
  if (message.user !== caller.userId) throw new SlackApiError('cant_update_message');
  const content = readContent(params, false);
  message.history.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}), ...(message.metadata ? { metadata: message.metadata } : {}), at: ws.ts.next(ws.now()) });
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks) message.blocks = content.blocks;
  // Slack keeps blocks and metadata an update does not mention; metadata {} removes it.
  if (content.metadata === null) delete message.metadata;
  else if (content.metadata) message.metadata = content.metadata;
  message.edited = { user: caller.userId, ts: ws.ts.next(ws.now()) };
  return { channel: conversation.id, ts: message.ts, text: message.text, message: present(message, true) };
};

/** chat.delete: removes one of the app's messages. */
export const remove: MethodHandler = ({ params, ws, caller }) => {
  const conversation = ws.conversations.get(params.need('channel', 'channel_not_found'));
  if (!conversation || !conversation.members.includes(caller.userId)) throw new SlackApiError('channel_not_found');
  const index = conversation.messages.findIndex((m) => m.ts === params.need('ts', 'message_not_found'));
  if (index < 0) throw new SlackApiError('message_not_found');
  if (conversation.messages[index]!.user !== caller.userId) throw new SlackApiError('cant_delete_message');
  const [removed] = conversation.messages.splice(index, 1);
  return { channel: conversation.id, ts: removed!.ts };
};

/** chat.postEphemeral: only `user` sees it, it is never in history; kept in workspace.ephemerals for tests. */
export const postEphemeral: MethodHandler = ({ params, ws, caller }) => {
  const conversation = resolveTarget(ws, params.need('channel', 'channel_not_found'), caller.userId);
  // Slack documents no user_not_found for postEphemeral: someone it cannot find is not in the channel.
  const user = params.need('user', 'user_not_in_channel');
  if (!ws.user(user)) throw new SlackApiError('user_not_in_channel');
  if (conversation.kind !== 'im' && !conversation.members.includes(user)) throw new SlackApiError('user_not_in_channel');
  const content = readContent(params, true);
  const messageTs = ws.ts.next(ws.now());
  ws.ephemerals.push({ channel: conversation.id, user, ts: messageTs, text: content.text ?? '', ...(content.blocks ? { blocks: content.blocks } : {}) });
  return { message_ts: messageTs };
};

/** A message as the Web API shows it; metadata only when asked for (include_all_metadata). */
export function present(m: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { history: _history, channel: _channel, metadata, ...rest } = m;
  return { ...rest, ...(withMetadata && metadata ? { metadata } : {}) };
}

function resolveTarget(ws: Workspace, channel: string, callerId: string): Conversation {
  if (/^[UW]/.test(channel)) {
    const user = ws.user(channel);
    // chat.postMessage documents neither user_disabled nor cannot_dm_bot: an unknown id is
    // channel_not_found, and a deactivated member's DM still takes the message (Slack keeps it).
    if (!user || user.id === callerId) throw new SlackApiError('channel_not_found');
    return ws.conversations.openIm(channel).conversation;
  }
  const conversation = ws.conversations.get(channel);
  if (!conversation) throw new SlackApiError('channel_not_found');
  if (!conversation.members.includes(callerId)) throw new SlackApiError(conversation.kind === 'channel' ? 'not_in_channel' : 'channel_not_found');
  return conversation;
}

function readContent(params: Params, requireSomething: boolean): { text?: string; blocks?: unknown[]; metadata?: MessageMetadata | null } {
  const text = params.str('text');
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  const blocks = params.json('blocks', 'invalid_blocks_format');
  if (blocks !== undefined && !Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  if (blocks !== undefined) {
    const problems = messageBlockProblems(blocks);
    if (problems.length > 0) throw refused('invalid_blocks', problems);
  }
  const attachments = params.json('attachments');
  if (requireSomething && text === undefined && blocks === undefined && attachments === undefined) throw new SlackApiError('no_text');
  const metadata = params.json('metadata', 'invalid_metadata_format');
  let parsedMetadata: MessageMetadata | null | undefined;
  if (isRecord(metadata) && Object.keys(metadata).length === 0 && !requireSomething) {
    parsedMetadata = null; // chat.update with metadata {} removes it
  } else if (metadata !== undefined) {
    if (!(isRecord(metadata) && typeof metadata.event_type === 'string' && isRecord(metadata.event_payload))) throw new SlackApiError('invalid_metadata_format');
    if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) throw new SlackApiError('metadata_too_large');
    parsedMetadata = { event_type: metadata.event_type, event_payload: metadata.event_payload };
  }
  return {
    ...(text !== undefined ? { text } : {}),
    ...(Array.isArray(blocks) ? { blocks } : {}),
    ...(parsedMetadata !== undefined ? { metadata: parsedMetadata } : {}),
  };
}

