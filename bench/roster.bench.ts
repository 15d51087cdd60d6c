/**
 * Roster sync at scale under Slack's published limits: a 10,000-person workspace (plus guests,
 * bots and deactivated accounts the sync must skip) in the Slack emulator with its default tiers
 * (users.list Tier 2: 20 calls/min, 200 members per page) and the same people in the Google
 * Directory emulator (500 per page, 600 req/min per user).
 *
 * Method: waiting minutes of real time for rate windows would make the benchmark useless, so both
 * emulators and the sync share one virtual clock. When Slack answers 429 + Retry-After, the
 * sync's injected sleep advances that clock instead of waiting; the emulator's sliding window
 * then sees the time as passed. Projected elapsed = real wall time of the run + virtual time
 * slept. It is compared with the rate-limited minimum for the number of pages: with a 20-call
 * window that admits bursts, ceil(pages/20)-1 full windows (60 s each); at a steady 20/min,
 * pages/20 minutes. Limits are per method, so with teams from user groups the floor is the
 * busiest method's, and the sequential figure is the floor for our walk (methods one after another). Real CPU time of this process is reported alongside.
 */
import { randomBytes } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import pg from 'pg';
import { parseConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { USERS_PAGE_SIZE } from '../src/roster/slack-directory.ts';
import { syncRoster } from '../src/roster/sync.service.ts';
import { startGoogleEmulator } from '../src/sandbox/google/emulator.ts';
import { seedOrganisation } from '../src/sandbox/org-seed.ts';
import { DEFAULT_LIMITS } from '../src/sandbox/slack/limits.ts';
import { startSlackEmulator } from '../src/sandbox/slack/index.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function run(options: { people?: number; teamSource?: 'department' | 'usergroup' } = {}): Promise<Record<string, number | string>> {
  const people = options.people ?? Number(process.env.BENCH_ROSTER_PEOPLE ?? 10_000);
  const teamSource = options.teamSource ?? 'department';
  const clock = new ManualClock('2026-03-02T03:00:00Z');
  const now = () => clock.now().getTime();
  const slack = await startSlackEmulator({ now });
  const google = await startGoogleEmulator({ now });
  const dbName = `peerpods_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const db = createDb(url.toString());
  try {
    await migrateToLatest(db);
    const org = seedOrganisation(slack, google, { people, usergroups: teamSource === 'usergroup' });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const config = { ...parseConfig({ NODE_ENV: 'test' }), TEAM_SOURCE: teamSource };
    let slept = 0;
    const sleep = async (ms: number) => {
      slept += ms;
      clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const deps = { db, slack: client, google: { mode: 'sandbox' as const, rootUrl: google.rootUrl }, config, clock, sleep };

    const measure = async () => {
      slept = 0;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const { stats } = await syncRoster(deps);
      const wallMs = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      return { stats, wallMs, sleptMs: slept, cpuMs: (used.user + used.system) / 1000 };
    };
    const first = await measure();
    clock.advance(86_400_000); // the next day's scheduled run: the rate windows have long emptied
    const second = await measure();

    const slackUsers = slack.workspace.users.size;
    const pages = Math.ceil(slackUsers / USERS_PAGE_SIZE);
    const tier2 = DEFAULT_LIMITS['users.list']!.limit;
    // Slack limits each method separately: users.list, usergroups.list, usergroups.users.list
    // (the last only for groups whose members did not come with usergroups.list).
    const memberCalls = first.stats.usergroupMemberCalls ?? 0;
    const perMethod = teamSource === 'usergroup' ? [pages, 1, memberCalls] : [pages];
    const tier2Calls = perMethod.reduce((a, b) => a + b, 0);
    const burst = (calls: number) => Math.max(0, Math.ceil(calls / tier2) - 1) * 60;
    // The floor if every method ran in parallel, and for our walk, which runs them one after another.
    const burstMinS = Math.max(...perMethod.map(burst));
    const sequentialMinS = perMethod.reduce((sum, calls) => sum + burst(calls), 0);
    const steadyMinS = (Math.max(...perMethod) / tier2) * 60;
    const s = (ms: number) => Math.round(ms / 100) / 10;
    return {
      method: 'emulators + sync share a virtual clock; 429 Retry-After sleeps advance it; projected = wall + slept',
      people,
      team_source: teamSource,
      slack_accounts: slackUsers,
      users_list_pages: first.stats.slackPages ?? 0,
      tier2_calls: tier2Calls,
      tier2_limit_per_min: tier2,
      min_s_burst_window: burstMinS,
      min_s_sequential_walk: sequentialMinS,
      min_s_steady_rate: Math.round(steadyMinS),
      first_created: first.stats.created ?? 0,
      first_rate_limit_waits: first.stats.rateLimitWaits ?? 0,
      first_slept_virtual_s: s(first.sleptMs),
      first_wall_s: s(first.wallMs),
      first_projected_s: s(first.sleptMs + first.wallMs),
      first_cpu_s: s(first.cpuMs),
      first_vs_sequential_min: sequentialMinS ? Math.round(((first.sleptMs + first.wallMs) / 1000 / sequentialMinS) * 100) / 100 : 'n/a',
      resync_updated: second.stats.updated ?? 0,
      resync_unchanged: second.stats.unchanged ?? 0,
      resync_slept_virtual_s: s(second.sleptMs),
      resync_wall_s: s(second.wallMs),
      resync_cpu_s: s(second.cpuMs),
      directory_pages: first.stats.directoryPages ?? 0,
      teams: first.stats.teamsCreated ?? 0,
      usergroups: org.teams.length,
    };
  } finally {
    await db.destroy();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await slack.close();
    await google.close();
  }
}
