import { IdSource, TsSource, randomHex } from './ids.ts';
import { buildBotUser, buildSlackbot, buildUser, type SlackUser, type SlackUserInput } from './users.ts';
import { ConversationStore } from './conversations.ts';
import { ViewStore } from './view-store.ts';
import { FileStore } from './file-store.ts';
import { manifestBotScopes } from './scopes.ts';

export interface Usergroup {
  id: string;
  team_id: string;
  is_usergroup: true;
  is_subteam: true;
  name: string;
  description: string;
  handle: string;
  is_external: false;
  date_create: number;
  date_update: number;
  date_delete: number;
  auto_type: null;
  auto_provision: boolean;
  /** '' outside Enterprise Grid. */
  enterprise_subteam_id: string;
  created_by: string;
  updated_by: string;
  deleted_by: null;
  prefs: { channels: string[]; groups: string[] };
  users: string[];
  user_count: number;
}

/** The app installed in the workspace: its bot user and the bot token Bolt and WebClient use. */
export interface AppInstall {
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
  token: string;
  /** Bot scopes granted at install: manifest.yml's unless a test says otherwise (setScopes). */
  scopes: Set<string>;
  /**
   * How the app is distributed. Slack's 2025 limits on conversations.history/replies (1 call a
   * minute, 15 messages a page) apply to commercially distributed non-Marketplace apps, not to
   * internal customer-built apps like a peerpods install; 'non_marketplace' models the stricter case.
   */
  distribution: AppDistribution;
}

export type AppDistribution = 'internal' | 'non_marketplace';

export interface WorkspaceOptions {
  teamName?: string;
  domain?: string;
  botName?: string;
  /** Granted bot scopes; defaults to manifest.yml's oauth_config.scopes.bot. */
  scopes?: string[];
  distribution?: AppDistribution;
  now: () => number;
}

/** Everything the emulated Slack knows: people, groups, conversations, views, files. Seed it from tests. */
export class Workspace {
  readonly ids = new IdSource();
  readonly ts = new TsSource();
  readonly teamId: string;
  readonly teamName: string;
  readonly domain: string;
  readonly app: AppInstall;
  readonly users = new Map<string, SlackUser>();
  readonly usergroups = new Map<string, Usergroup>();
  /** Lower-cased email -> user id (one account per email, as in Slack). */
  readonly emails = new Map<string, string>();
  readonly conversations: ConversationStore;
  readonly views: ViewStore;
  readonly files: FileStore;
  /** Tokens Slack accepts, with the user they act as. */
  readonly tokens = new Map<string, { userId: string; botId?: string; revoked?: boolean }>();
  /** chat.postEphemeral messages and response_url answers that were not replace_original (seen by one user only). */
  readonly ephemerals: Array<{ channel: string; user: string; ts: string; text: string; blocks?: unknown[] }> = [];
  /** response_url paths handed out by the driver, and the message each one answers. */
  readonly responseUrls = new Map<string, { channel: string; ts: string; userId: string }>();
  readonly now: () => number;

  constructor(options: WorkspaceOptions) {
    this.now = options.now;
    this.teamId = this.ids.next('T');
    this.teamName = options.teamName ?? 'Peerpods Sandbox';
    this.domain = options.domain ?? 'peerpods-sandbox';
    const botName = options.botName ?? 'peerpods';
    this.app = { appId: this.ids.next('A'), botId: this.ids.next('B'), botUserId: this.ids.next('U'), botName, token: `xoxb-${randomHex(6)}-${randomHex(6)}-${randomHex(12)}`, scopes: new Set(options.scopes ?? manifestBotScopes()), distribution: options.distribution ?? 'internal' };
    const bot = { id: this.app.botUserId, botId: this.app.botId, appId: this.app.appId, name: botName, realName: 'Peerpods' };
    this.users.set('USLACKBOT', buildSlackbot(this.teamId, this.now()));
    this.users.set(bot.id, buildBotUser(bot, this.teamId, this.now()));
    this.tokens.set(this.app.token, { userId: bot.id, botId: bot.botId });
    this.conversations = new ConversationStore(this);
    this.views = new ViewStore(this);
    this.files = new FileStore(this);
  }

  get url(): string {
    return `https://${this.domain}.slack.com/`;
  }

  /** Adds a member; returns the record Slack will serve for them. */
  addUser(input: SlackUserInput = {}): SlackUser {
    const id = input.id ?? this.ids.next('U');
    if (this.users.has(id)) throw new Error(`Slack emulator: user ${id} already exists`);
    const email = input.email?.toLowerCase();
    if (email && this.emails.has(email)) throw new Error(`Slack emulator: ${input.email} already belongs to a member; Slack allows one account per email`);
    const user = buildUser(id, this.teamId, input, this.now());
    this.users.set(id, user);
    if (email) this.emails.set(email, id);
    return user;
  }

  /** Adds `count` members; `make(i)` describes the i-th (0-based). */
  addUsers(count: number, make: (index: number) => SlackUserInput = (i) => ({ name: `person${i + 1}`, email: `person${i + 1}@example.com` })): SlackUser[] {
    return Array.from({ length: count }, (_, i) => this.addUser(make(i)));
  }

  /** Another app's bot user (is_bot true), e.g. to prove the roster import skips bots. */
  addBot(name: string): SlackUser {
    const user = buildBotUser({ id: this.ids.next('U'), botId: this.ids.next('B'), appId: this.ids.next('A'), name, realName: name }, this.teamId, this.now());
    this.users.set(user.id, user);
    return user;
  }

  /** Changes a member's profile (title, time zone, name…) as an admin or the person would; returns the new record. */
  updateUser(userId: string, patch: Omit<SlackUserInput, 'id'>): SlackUser {
    const user = this.requireUser(userId);
    const current: SlackUserInput = {
      name: user.name, realName: user.profile.real_name, displayName: user.profile.display_name, title: user.profile.title,
      ...(user.profile.email ? { email: user.profile.email } : {}), ...(user.tz ? { tz: user.tz } : {}),
      ...(user.is_ultra_restricted ? { guest: 'single' as const } : user.is_restricted ? { guest: 'multi' as const } : {}),
      isAdmin: !!user.is_admin, isOwner: !!user.is_owner, deleted: user.deleted,
    };
    const next = buildUser(userId, this.teamId, { ...current, ...patch }, this.now());
    if (user.profile.email) this.emails.delete(user.profile.email.toLowerCase());
    if (next.profile.email) this.emails.set(next.profile.email.toLowerCase(), userId);
    this.users.set(userId, next);
    return next;
  }

  /** Replaces a user group's members (date_update moves). */
  setUsergroupUsers(groupId: string, users: string[]): Usergroup {
    const group = this.usergroups.get(groupId);
    if (!group) throw new Error(`Slack emulator: no user group ${groupId}`);
    for (const u of users) this.requireUser(u);
    group.users = [...users];
    group.user_count = users.length;
    group.date_update = Math.floor(this.now() / 1000);
    return group;
  }

  /** Deactivates a member in place (Slack keeps the record with deleted: true). */
  deactivateUser(userId: string): SlackUser {
    const user = this.requireUser(userId);
    const deleted = buildUser(user.id, this.teamId, { name: user.name, realName: user.profile.real_name, email: user.profile.email, deleted: true }, this.now());
    this.users.set(userId, deleted);
    return deleted;
  }

  addUsergroup(input: { handle: string; name?: string; description?: string; users?: string[] }): Usergroup {
    for (const u of input.users ?? []) this.requireUser(u);
    if ([...this.usergroups.values()].some((g) => g.handle === input.handle)) throw new Error(`Slack emulator: a user group @${input.handle} already exists`);
    const at = Math.floor(this.now() / 1000);
    const users = [...(input.users ?? [])];
    const group: Usergroup = {
      id: this.ids.next('S'), team_id: this.teamId, is_usergroup: true, is_subteam: true,
      name: input.name ?? input.handle, description: input.description ?? '', handle: input.handle, is_external: false,
      date_create: at, date_update: at, date_delete: 0, auto_type: null, auto_provision: false, enterprise_subteam_id: '', created_by: 'USLACKBOT', updated_by: 'USLACKBOT',
      deleted_by: null, prefs: { channels: [], groups: [] }, users, user_count: users.length,
    };
    this.usergroups.set(group.id, group);
    return group;
  }

  /** A public channel; the app's bot is a member unless told otherwise. */
  addChannel(input: { name: string; members?: string[]; botIsMember?: boolean }): string {
    const members = [...(input.members ?? [])];
    if (input.botIsMember !== false) members.push(this.app.botUserId);
    return this.conversations.create('channel', members, input.name).id;
  }

  /** Reinstalls the app with these bot scopes (e.g. one dropped from the manifest). */
  setScopes(scopes: readonly string[]): void {
    this.app.scopes = new Set(scopes);
  }

  /** Invalidates a token: calls with it answer token_revoked. */
  revokeToken(token: string): void {
    const entry = this.tokens.get(token);
    if (entry) entry.revoked = true;
  }

  user(userId: string): SlackUser | undefined {
    return this.users.get(userId);
  }

  requireUser(userId: string): SlackUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`Slack emulator: no user ${userId}; add it with workspace.addUser first`);
    return user;
  }
}
