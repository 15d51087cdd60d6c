/**
 * Reads who is in the Slack workspace for the roster sync: every page of users.list (Tier 2,
 * ~20/min, 200 per page as Slack recommends) and, when teams come from user groups, each group's
 * members. Rate limits are slept through inside the walk (rate-limit.ts).
 */
import type { WebClient } from '@slack/web-api';
import { IANAZone } from 'luxon';
import { slackCall, type Sleep, type WaitLog } from './rate-limit.ts';

export interface SlackMember {
  slackUserId: string;
  email: string;
  name: string;
  timezone: string | null;
  title: string | null;
  isGuest: boolean;
}

export interface SlackWalk {
  members: SlackMember[];
  /** Bots, Slackbot, deactivated accounts, guests (unless included) and members without an email. */
  skipped: { bots: number; deleted: number; guests: number; noEmail: number };
  pages: number;
}

interface RawUser {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  real_name?: string;
  tz?: string;
  name?: string;
  profile?: { email?: string; real_name?: string; display_name?: string; title?: string };
}

export const USERS_PAGE_SIZE = 200;

/** Every member of the workspace the programme may include. */
export async function walkSlackUsers(slack: WebClient, options: { includeGuests: boolean; sleep: Sleep; waits: WaitLog }): Promise<SlackWalk> {
  const walk: SlackWalk = { members: [], skipped: { bots: 0, deleted: 0, guests: 0, noEmail: 0 }, pages: 0 };
  let cursor: string | undefined;
  do {
    const page = await slackCall(() => slack.users.list({ limit: USERS_PAGE_SIZE, ...(cursor ? { cursor } : {}) }), options.sleep, options.waits);
    walk.pages++;
    for (const user of (page.members ?? []) as RawUser[]) classify(user, options.includeGuests, walk);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return walk;
}

function classify(user: RawUser, includeGuests: boolean, walk: SlackWalk): void {
  // Slackbot is not flagged is_bot: it has to be skipped by its fixed id.
  if (!user.id || user.id === 'USLACKBOT' || user.is_bot || user.is_app_user) return void walk.skipped.bots++;
  if (user.deleted) return void walk.skipped.deleted++;
  const isGuest = !!(user.is_restricted || user.is_ultra_restricted);
  if (isGuest && !includeGuests) return void walk.skipped.guests++;
  const email = user.profile?.email?.trim().toLowerCase();
  if (!email) return void walk.skipped.noEmail++;
  walk.members.push({
    slackUserId: user.id,
    email,
    name: user.real_name || user.profile?.real_name || user.profile?.display_name || user.name || email,
    // Slack's tz is free text to us: a zone Luxon does not know would break every local time we
    // compute for this person, so it is dropped (the row keeps its zone, or UTC).
    timezone: user.tz && IANAZone.isValidZone(user.tz) ? user.tz : null,
    title: user.profile?.title || null,
    isGuest,
  });
}

/**
 * Slack user id → user group name (teams from user groups). usergroups.list with include_users
 * gives every group's members in one Tier-2 call; usergroups.users.list (one Tier-2 call per
 * group: 700 groups = 35 minutes at 20/min) is only asked for a group whose list came back
 * missing or shorter than its user_count. A person in several groups belongs to the first by
 * name, so the answer does not depend on the order Slack lists them in. user_count is read with a
 * number conversion: the schema says integer, but a string must not switch the check off.
 */
export async function walkUsergroups(slack: WebClient, options: { sleep: Sleep; waits: WaitLog }): Promise<{ teamOf: Map<string, string>; groups: number; memberCalls: number }> {
  const listed = await slackCall(() => slack.usergroups.list({ include_disabled: false, include_users: true }), options.sleep, options.waits);
  const groups = (listed.usergroups ?? [])
    .filter((g) => g.id && (g.name || g.handle) && !g.date_delete)
    .map((g) => ({ id: g.id!, name: (g.name || g.handle)!.trim(), users: g.users, count: Number(g.user_count) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const teamOf = new Map<string, string>();
  let memberCalls = 0;
  for (const group of groups) {
    let users = group.users;
    if (!Array.isArray(users) || (Number.isFinite(group.count) && users.length < group.count)) {
      memberCalls++;
      users = (await slackCall(() => slack.usergroups.users.list({ usergroup: group.id }), options.sleep, options.waits)).users ?? [];
    }
    for (const userId of users) if (!teamOf.has(userId)) teamOf.set(userId, group.name);
  }
  return { teamOf, groups: groups.length, memberCalls };
}
