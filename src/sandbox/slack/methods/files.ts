import { SlackApiError, invalidArguments, isRecord } from '../params.ts';
import type { MethodHandler } from './context.ts';

const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** files.getUploadURLExternal: reserves a file id and an upload_url served by the emulator. */
export const getUploadURLExternal: MethodHandler = ({ params, ws, caller, baseUrl }) => {
  const filename = params.need('filename');
  const length = params.int('length', -1);
  if (length < 1 || length > MAX_FILE_BYTES) throw invalidArguments(`length must be between 1 and ${MAX_FILE_BYTES} [json-pointer:/length]`);
  const file = ws.files.reserve(filename, length, caller.userId);
  return { upload_url: `${baseUrl}upload/v1/${file.uploadKey}`, file_id: file.id };
};

/** files.completeUploadExternal: finishes the uploads and shares them into channel_id as one message. */
export const completeUploadExternal: MethodHandler = ({ params, ws, caller }) => {
  const entries = params.json('files');
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every((e) => isRecord(e) && typeof e.id === 'string')) {
    throw invalidArguments('missing required field: files');
  }
  const files = entries.map((e) => ws.files.complete(e.id as string, typeof e.title === 'string' ? e.title : undefined));
  const channelId = params.str('channel_id') ?? params.str('channels');
  if (channelId !== undefined) {
    const conversation = ws.conversations.get(channelId);
    if (!conversation || !conversation.members.includes(caller.userId)) throw new SlackApiError('channel_not_found');
    for (const f of files) f.channels.push(conversation.id);
    conversation.messages.push({
      type: 'message', ts: ws.ts.next(ws.now()), channel: conversation.id, user: caller.userId, bot_id: caller.botId ?? ws.app.botId,
      app_id: ws.app.appId, team: ws.teamId, text: params.str('initial_comment') ?? '', files: files.map((f) => ws.files.describe(f)),
      ...(params.has('thread_ts') ? { thread_ts: params.need('thread_ts') } : {}), history: [],
    });
  }
  return { files: files.map((f) => ({ ...ws.files.describe(f) })) };
};
