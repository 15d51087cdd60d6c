import { decodeCursor, encodeCursor } from '../ids.ts';
import { SlackApiError } from '../params.ts';
import type { Usergroup, Workspace } from '../workspace.ts';
import { asServedAt, type SlackUser } from '../users.ts';
import type { MethodHandler } from './context.ts';

/** users.list: everyone incl. bots, Slackbot, guests and deactivated accounts; cursor pages of `limit`. */
export const list: MethodHandler = ({ params, ws }) => {
  const all = [...ws.users.values()];
  const limit = params.int('limit', 0);
  let start = 0;
  const cursor = params.str('cursor');
  if (cursor !== undefined) {
    const id = decodeCursor('user', cursor);
    start = id === undefined ? -1 : all.findIndex((u) => u.id === id);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const size = limit > 0 ? Math.min(limit, 1000) : all.length;
  const members = all.slice(start, start + size).map((u) => served(ws, u));
  const next = all[start + size];
  return { members, cache_ts: Math.floor(ws.now() / 1000), response_metadata: { next_cursor: next ? encodeCursor('user', next.id) : '' } };
};

export const info: MethodHandler = ({ params, ws }) => {
  const user = ws.user(params.need('user', 'user_not_found'));
  if (!user) throw new SlackApiError('user_not_found');
  return { user: served(ws, user) };
};

/** users.lookupByEmail: case-insensitive; no match answers users_not_found. */
export const lookupByEmail: MethodHandler = ({ params, ws }) => {
  const email = params.need('email').toLowerCase();
  const id = ws.emails.get(email);
  const user = id ? ws.user(id) : undefined;
  if (!user) throw new SlackApiError('users_not_found');
  return { user: asServedAt(user, ws.now()) };
};

/** usergroups.list: `users` only with include_users, as Slack does. */
export const usergroupsList: MethodHandler = ({ params, ws }) => {
  const withUsers = params.bool('include_users');
  const usergroups = [...ws.usergroups.values()].map((g) => present(g, withUsers));
  return { usergroups };
};

export const usergroupsUsersList: MethodHandler = ({ params, ws }) => {
  const group = ws.usergroups.get(params.need('usergroup', 'no_such_subteam'));
  if (!group) throw new SlackApiError('no_such_subteam');
  return { users: [...group.users] };
};

/** A member as served now; profile.email only with users:read.email, as Slack does. */
function served(ws: Workspace, user: SlackUser): SlackUser {
  const at = asServedAt(user, ws.now());
  if (ws.app.scopes.has('users:read.email') || at.profile.email === undefined) return at;
  const { email: _email, ...profile } = at.profile;
  return { ...at, profile };
}

function present(group: Usergroup, withUsers: boolean): Record<string, unknown> {
  const { users, ...rest } = group;
  return withUsers ? { ...rest, users: [...users] } : rest;
}
