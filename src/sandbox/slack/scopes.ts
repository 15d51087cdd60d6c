import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Params } from './params.ts';
import type { Workspace } from './workspace.ts';

/** The app's manifest: the bot scopes an install grants come from here, so dropping one shows in tests. */
export const MANIFEST_PATH = fileURLToPath(new URL('../../../manifest.yml', import.meta.url));

/**
 * Reads `oauth_config.scopes.bot` from a Slack app manifest (YAML). Only that list is read; a
 * dependency-free reader of this one block style ("- scope  # comment") is enough.
 */
export function manifestBotScopes(path = MANIFEST_PATH): string[] {
  const wanted = 'oauth_config.scopes.bot';
  const parents: Array<{ indent: number; key: string }> = [];
  const scopes: string[] = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.replace(/(^|\s+)#.*$/, '');
    if (line.trim() === '') continue;
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (item) {
      if (parents.map((p) => p.key).join('.') === wanted) scopes.push(item[1]!);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    while (parents.length > 0 && parents[parents.length - 1]!.indent >= indent) parents.pop();
    const key = /^\s*([A-Za-z0-9_.-]+):/.exec(line)?.[1];
    if (key) parents.push({ indent, key });
  }
  if (scopes.length === 0) throw new Error(`Slack emulator: no oauth_config.scopes.bot list in ${path}`);
  return scopes;
}

/**
 * The scopes a bot token needs for each method (any one of a list), per Slack's method reference.
 * Methods whose scope depends on the conversation look at its kind; an unknown conversation
 * needs nothing here, so the method answers channel_not_found as Slack does.
 */
export function neededScopes(method: string, params: Params, ws: Workspace): string[] {
  switch (method) {
    case 'chat.postMessage': case 'chat.update': case 'chat.delete': case 'chat.postEphemeral':
      return ['chat:write'];
    case 'conversations.open': {
      const users = (params.str('users') ?? '').split(',').filter((u) => u.trim() && u.trim() !== ws.app.botUserId);
      if (params.has('channel')) return byKind(ws, params.str('channel'), 'write');
      return users.length > 1 ? ['mpim:write'] : ['im:write'];
    }
    case 'conversations.history': return byKind(ws, params.str('channel'), 'history');
    case 'conversations.info': return byKind(ws, params.str('channel'), 'read');
    case 'users.list': case 'users.info': return ['users:read'];
    case 'users.lookupByEmail': return ['users:read.email'];
    case 'usergroups.list': case 'usergroups.users.list': return ['usergroups:read'];
    case 'files.getUploadURLExternal': case 'files.completeUploadExternal': return ['files:write'];
    default: return []; // auth.test and views.* need no scope
  }
}

function byKind(ws: Workspace, channel: string | undefined, verb: 'history' | 'read' | 'write'): string[] {
  const kind = channel === undefined ? undefined : ws.conversations.get(channel)?.kind;
  if (kind === 'im') return [`im:${verb}`];
  if (kind === 'mpim') return [`mpim:${verb}`];
  if (kind === 'channel') return verb === 'write' ? ['channels:manage'] : [`channels:${verb}`];
  return [];
}
