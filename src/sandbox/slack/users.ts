import { DateTime } from 'luxon';

/** A member as users.list / users.info return it (the fields our app reads, shaped as Slack sends them). */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  color?: string;
  real_name?: string;
  tz?: string;
  tz_label?: string;
  tz_offset?: number;
  profile: SlackProfile;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  is_email_confirmed?: boolean;
}

export interface SlackProfile {
  title: string;
  phone: string;
  real_name: string;
  real_name_normalized: string;
  display_name: string;
  display_name_normalized: string;
  email?: string;
  status_text: string;
  status_emoji: string;
  team: string;
  bot_id?: string;
  api_app_id?: string;
  always_active?: boolean;
}

/** What a test says about a person; everything not given gets a plausible default. */
export interface SlackUserInput {
  id?: string;
  name?: string;
  realName?: string;
  displayName?: string;
  email?: string;
  tz?: string;
  title?: string;
  /** Deactivated account: Slack keeps it in users.list with deleted: true and no time zone. */
  deleted?: boolean;
  /** Multi-channel guests are restricted; single-channel guests are restricted and ultra-restricted. */
  guest?: 'multi' | 'single';
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface BotInput {
  id: string;
  botId: string;
  appId: string;
  name: string;
  realName: string;
}

/** Builds the member record Slack would return for this person at `nowMs`. */
export function buildUser(id: string, teamId: string, input: SlackUserInput, nowMs: number): SlackUser {
  const name = input.name ?? (input.email ? input.email.split('@')[0]! : id.toLowerCase());
  const realName = input.realName ?? name;
  const profile: SlackProfile = {
    title: input.title ?? '',
    phone: '',
    real_name: realName,
    real_name_normalized: normalize(realName),
    display_name: input.displayName ?? '',
    display_name_normalized: normalize(input.displayName ?? ''),
    status_text: '',
    status_emoji: '',
    team: teamId,
    ...(input.email ? { email: input.email } : {}),
  };
  const base = { id, team_id: teamId, name, deleted: !!input.deleted, profile, is_bot: false, is_app_user: false, updated: Math.floor(nowMs / 1000) };
  if (input.deleted) return base;
  return {
    ...base,
    color: '9f69e7',
    real_name: realName,
    ...zoneFields(input.tz ?? 'America/Los_Angeles', nowMs),
    is_admin: !!input.isAdmin,
    is_owner: !!input.isOwner,
    is_primary_owner: false,
    is_restricted: input.guest !== undefined,
    is_ultra_restricted: input.guest === 'single',
    is_email_confirmed: input.email !== undefined,
  };
}

/** A bot user: is_bot, a bot_id in the profile, never an email. */
export function buildBotUser(bot: BotInput, teamId: string, nowMs: number): SlackUser {
  const user = buildUser(bot.id, teamId, { name: bot.name, realName: bot.realName }, nowMs);
  user.is_bot = true;
  user.profile = { ...user.profile, bot_id: bot.botId, api_app_id: bot.appId, always_active: true };
  return user;
}

/** Slackbot is the odd one: USLACKBOT, is_bot false. Apps that list members must skip it by id. */
export function buildSlackbot(teamId: string, nowMs: number): SlackUser {
  return buildUser('USLACKBOT', teamId, { name: 'slackbot', realName: 'Slackbot', displayName: 'Slackbot' }, nowMs);
}

/** The record as served at `nowMs`: Slack's tz_offset follows daylight saving, so it is recomputed on read. */
export function asServedAt(user: SlackUser, nowMs: number): SlackUser {
  return user.tz === undefined ? user : { ...user, ...zoneFields(user.tz, nowMs) };
}

function zoneFields(tz: string, nowMs: number): Pick<SlackUser, 'tz' | 'tz_label' | 'tz_offset'> {
  const at = DateTime.fromMillis(nowMs).setZone(tz);
  if (!at.isValid) throw new Error(`Slack emulator: unknown IANA time zone "${tz}"; use a name like Europe/Berlin`);
  return { tz, tz_label: at.offsetNameLong ?? tz, tz_offset: at.offset * 60 };
}

function normalize(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
