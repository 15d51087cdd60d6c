import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { slackCall } from '../../src/roster/rate-limit.ts';
import { walkSlackUsers, walkUsergroups } from '../../src/roster/slack-directory.ts';

const noWait = async () => {};

describe('users walk', () => {
  it('keeps only time zones that exist: a bad tz from Slack is dropped, not stored', async () => {
    const member = (id: string, tz: unknown) => ({ id, tz, real_name: id, profile: { email: `${id.toLowerCase()}@example.com` } });
    const slack = { users: { list: async () => ({ ok: true, members: [member('U1', 'Europe/Berlin'), member('U2', 'Mars/Olympus'), member('U3', ''), member('U4', 42)] }) } } as unknown as WebClient;
    const walk = await walkSlackUsers(slack, { includeGuests: false, sleep: noWait, waits: { waits: 0, waitedMs: 0 } });
    expect(walk.members.map((m) => [m.slackUserId, m.timezone])).toEqual([['U1', 'Europe/Berlin'], ['U2', null], ['U3', null], ['U4', null]]);
  });
});

describe('user group walk', () => {
  it('asks usergroups.users.list only for groups whose member list is missing or short', async () => {
    const asked: string[] = [];
    const slack = {
      usergroups: {
        list: async () => ({ ok: true, usergroups: [
          { id: 'S2', name: 'Zeta', user_count: 1, users: ['U1'] },
          { id: 'S1', name: 'Alpha', user_count: 2, users: ['U1'] }, // truncated
          { id: 'S3', name: 'Beta' }, // no users at all
        ] }),
        users: { list: async ({ usergroup }: { usergroup: string }) => {
          asked.push(usergroup);
          return { ok: true, users: usergroup === 'S1' ? ['U1', 'U2'] : ['U3'] };
        } },
      },
    } as unknown as WebClient;
    const walk = await walkUsergroups(slack, { sleep: noWait, waits: { waits: 0, waitedMs: 0 } });
    expect(asked.sort()).toEqual(['S1', 'S3']);
    expect(walk.memberCalls).toBe(2);
    // First group by name wins: U1 is in Alpha and Zeta.
    expect(Object.fromEntries(walk.teamOf)).toEqual({ U1: 'Alpha', U2: 'Alpha', U3: 'Beta' });
  });

  it('sleeps a Slack Retry-After and retries the same call; other errors go through', async () => {
    const slept: number[] = [];
    let calls = 0;
    const waits = { waits: 0, waitedMs: 0 };
    const result = await slackCall(async () => {
      if (++calls < 3) throw Object.assign(new Error('ratelimited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 4 });
      return 'page';
    }, async (ms) => void slept.push(ms), waits);
    expect(result).toBe('page');
    expect(slept).toEqual([4_000, 4_000]);
    expect(waits).toEqual({ waits: 2, waitedMs: 8_000 });
    await expect(slackCall(async () => { throw new Error('invalid_auth'); }, noWait, waits)).rejects.toThrow('invalid_auth');
  });
});
