import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';
import { botClient } from '../../support/slack.ts';

let slack: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  slack = await startSlackEmulator();
  client = botClient(slack);
});
afterEach(async () => slack.close());

describe('users', () => {
  it('users.list pages with cursors and shows Slackbot, bots, guests and deactivated accounts as Slack does', async () => {
    slack.workspace.addUsers(7, (i) => ({ realName: `Person ${i}`, email: `p${i}@example.com`, tz: i % 2 ? 'Europe/Berlin' : 'America/New_York', title: 'Engineer' }));
    slack.workspace.addUser({ name: 'guest', email: 'guest@partner.com', guest: 'single' });
    const gone = slack.workspace.addUser({ name: 'gone', email: 'gone@example.com' });
    slack.workspace.deactivateUser(gone.id);
    slack.workspace.addBot('otherbot');

    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.users.list({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...((page.members ?? []) as Array<Record<string, unknown>>));
      cursor = page.response_metadata?.next_cursor || undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3); // 2 built-in (Slackbot, our bot) + 7 + guest + gone + otherbot = 12
    expect(seen).toHaveLength(12);
    const byName = new Map(seen.map((u) => [u.name, u]));
    expect(byName.get('slackbot')).toMatchObject({ id: 'USLACKBOT', is_bot: false });
    expect(byName.get('otherbot')).toMatchObject({ is_bot: true });
    expect(byName.get('guest')).toMatchObject({ is_restricted: true, is_ultra_restricted: true });
    expect(byName.get('gone')).toMatchObject({ deleted: true });
    expect(byName.get('gone')).not.toHaveProperty('tz');
    const p1 = seen.find((u) => (u.profile as { email?: string }).email === 'p1@example.com');
    expect(p1).toMatchObject({ tz: 'Europe/Berlin', real_name: 'Person 1', profile: { title: 'Engineer', real_name: 'Person 1' } });
    expect([3600, 7200]).toContain(p1?.tz_offset);
    await expect(client.users.list({ cursor: 'bm9wZQ==' })).rejects.toMatchObject({ data: { error: 'invalid_cursor' } });
  });

  it('users.info and users.lookupByEmail find people; misses answer user_not_found / users_not_found', async () => {
    const dana = slack.workspace.addUser({ email: 'Dana@Example.com', realName: 'Dana Scully' });
    expect((await client.users.info({ user: dana.id })).user).toMatchObject({ id: dana.id, real_name: 'Dana Scully' });
    expect((await client.users.lookupByEmail({ email: 'dana@example.com' })).user?.id).toBe(dana.id);
    slack.workspace.updateUser(dana.id, { title: 'Director', email: 'dana@fbi.gov' });
    expect((await client.users.lookupByEmail({ email: 'dana@fbi.gov' })).user).toMatchObject({ id: dana.id, real_name: 'Dana Scully', profile: { title: 'Director' } });
    await expect(client.users.lookupByEmail({ email: 'dana@example.com' })).rejects.toMatchObject({ data: { error: 'users_not_found' } });
    expect(() => slack.workspace.addUser({ email: 'DANA@fbi.gov' })).toThrow(/one account per email/);
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({ data: { error: 'users_not_found' } });
  });
});

describe('time zones', () => {
  it('tz_offset follows daylight saving at the emulated time of the call', async () => {
    let now = Date.parse('2026-01-15T12:00:00Z');
    const local = await startSlackEmulator({ now: () => now });
    try {
      const c = new WebClient(local.botToken, { slackApiUrl: local.apiUrl, retryConfig: { retries: 0 } });
      const ana = local.workspace.addUser({ email: 'ana@example.com', tz: 'Europe/Berlin' });
      expect((await c.users.info({ user: ana.id })).user).toMatchObject({ tz: 'Europe/Berlin', tz_offset: 3600 });
      now = Date.parse('2026-07-15T12:00:00Z');
      expect((await c.users.info({ user: ana.id })).user).toMatchObject({ tz_offset: 7200, tz_label: 'Central European Summer Time' });
    } finally {
      await local.close();
    }
  });
});

describe('usergroups', () => {
  it('lists groups (users only with include_users) and their members', async () => {
    const [a, b] = slack.workspace.addUsers(2);
    const group = slack.workspace.addUsergroup({ handle: 'platform-team', name: 'Platform', users: [a!.id, b!.id] });
    const plain = await client.usergroups.list();
    expect(plain.usergroups?.[0]).toMatchObject({ id: group.id, handle: 'platform-team', name: 'Platform', user_count: 2 });
    expect(plain.usergroups?.[0]).not.toHaveProperty('users');
    const full = await client.usergroups.list({ include_users: true });
    expect(full.usergroups?.[0]?.users).toEqual([a!.id, b!.id]);
    expect((await client.usergroups.users.list({ usergroup: group.id })).users).toEqual([a!.id, b!.id]);
    slack.workspace.setUsergroupUsers(group.id, [b!.id]);
    expect((await client.usergroups.users.list({ usergroup: group.id })).users).toEqual([b!.id]);
    await expect(client.usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
  });
});

describe('files (v2 upload)', () => {
  it('filesUploadV2 reserves a URL, uploads the bytes and shares the file into the channel', async () => {
    const channel = slack.workspace.addChannel({ name: 'hr-reports' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const result = await client.filesUploadV2({ channel_id: channel, file: png, filename: 'wave-1.png', title: 'Wave 1', initial_comment: 'Rollout report' });
    expect(result.ok).toBe(true);
    expect(slack.log.calls('files.getUploadURLExternal')).toHaveLength(1);
    expect(slack.log.calls('upload_url')).toHaveLength(1);
    expect(slack.log.calls('files.completeUploadExternal')).toHaveLength(1);
    const [stored] = [...slack.workspace.files.byId.values()];
    expect(stored?.bytes?.equals(png)).toBe(true);
    const [message] = slack.log.messages(channel);
    expect(message).toMatchObject({ text: 'Rollout report', files: [{ name: 'wave-1.png', title: 'Wave 1', mimetype: 'image/png', size: png.length }] });
  });
});
