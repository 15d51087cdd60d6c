import type { MethodHandler } from './context.ts';
import * as chat from './chat.ts';
import * as conversations from './conversations.ts';
import * as users from './users.ts';
import * as views from './views.ts';
import * as files from './files.ts';

/** The Web API methods the emulator answers; anything else is unknown_method. */
export const METHODS: Record<string, MethodHandler> = {
  'auth.test': ({ ws, caller }) => ({
    url: ws.url, team: ws.teamName, user: ws.user(caller.userId)?.name ?? '', team_id: ws.teamId, user_id: caller.userId,
    ...(caller.botId ? { bot_id: caller.botId } : {}), is_enterprise_install: false,
  }),
  'chat.postMessage': chat.postMessage,
  'chat.update': chat.update,
  'chat.delete': chat.remove,
  'chat.postEphemeral': chat.postEphemeral,
  'conversations.open': conversations.open,
  'conversations.history': conversations.history,
  'conversations.info': conversations.info,
  'views.publish': views.publish,
  'views.open': views.open,
  'views.push': views.push,
  'views.update': views.update,
  'users.list': users.list,
  'users.info': users.info,
  'users.lookupByEmail': users.lookupByEmail,
  'usergroups.list': users.usergroupsList,
  'usergroups.users.list': users.usergroupsUsersList,
  'files.getUploadURLExternal': files.getUploadURLExternal,
  'files.completeUploadExternal': files.completeUploadExternal,
};

export type { CallContext, MethodHandler } from './context.ts';
