import type { WebClient } from '@slack/web-api';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Sleep } from '../../src/roster/rate-limit.ts';
import { syncRoster } from '../../src/roster/sync.service.ts';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/sandbox/slack/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { botClient } from '../support/slack.ts';

/**
 * Both emulators on one virtual clock, a fresh database and a sync bound to them. Sleeping for a
 * rate limit moves the virtual clock, so Slack's real tiers apply without waiting minutes.
 */
export interface SyncHarness {
  clock: ManualClock;
  slack: SlackEmulator;
  google: GoogleEmulator;
  client: WebClient;
  testDb: TestDatabase;
  db: Db;
  config: Config;
  sleep: Sleep;
  slept: number[];
  sync(env?: Partial<Pick<Config, 'TEAM_SOURCE' | 'INCLUDE_GUESTS'>>): ReturnType<typeof syncRoster>;
  close(): Promise<void>;
}

export async function startSyncHarness(env: Record<string, string> = {}): Promise<SyncHarness> {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const now = () => clock.now().getTime();
  const slack = await startSlackEmulator({ now });
  const google = await startGoogleEmulator({ now });
  const testDb = await createTestDatabase();
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: testDb.url, ...env });
  const client = botClient(slack);
  const slept: number[] = [];
  const sleep: Sleep = async (ms) => {
    slept.push(ms);
    clock.advance(ms);
  };
  return {
    clock, slack, google, client, testDb, db: testDb.db, config, sleep, slept,
    sync: (overrides = {}) => syncRoster({
      db: testDb.db, slack: client, google: { mode: 'sandbox', rootUrl: google.rootUrl }, config: { ...config, ...overrides }, clock, sleep,
    }),
    async close() {
      await slack.close();
      await google.close();
      await testDb.destroy();
    },
  };
}

/** A programme, a wave and one pod with a pending invite for each email; returns the invite ids. */
export async function seedPendingInvites(h: SyncHarness, emails: string[]): Promise<string[]> {
  const programme = await h.db.insertInto('programme').values({ name: 'Pods' }).returning('id').executeTakeFirstOrThrow();
  const wave = await h.db.insertInto('wave').values({
    programme_id: programme.id, name: 'Wave 1', status: 'inviting', start_week: '2026-03-09', invite_deadline: new Date('2026-03-06T17:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow();
  const pod = await h.db.insertInto('pod').values({ wave_id: wave.id, name: 'Pod 1', status: 'inviting', min_size: 4, max_size: 5 })
    .returning('id').executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (const email of emails) {
    const person = await h.db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const invite = await h.db.insertInto('invite').values({ pod_id: pod.id, wave_id: wave.id, person_id: person.id })
      .returning('id').executeTakeFirstOrThrow();
    ids.push(invite.id);
  }
  return ids;
}
