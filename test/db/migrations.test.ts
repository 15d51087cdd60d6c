import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, migrateToZero } from '../../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(testDb.db);
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  it('create the whole domain model', async () => {
    // Each branch's migrations add tables: check for the ones this suite knows, not an exact list.
    expect(await tables()).toEqual(expect.arrayContaining([
      'attendance', 'audit_log', 'excluded_pair', 'invite', 'outbox', 'pairing', 'person', 'person_role',
      'pod', 'pod_member', 'pod_session', 'programme', 'retro_response', 'roster_sync', 'team', 'wave',
      'wave_member', 'wave_team', 'nudge', 'nudge_recipient', 'report_link', 'hr_digest',
    ]));
  });

  it('go all the way down and up again', async () => {
    const all = (await tables()).length;
    const down = await migrateToZero(testDb.db);
    expect(down.length).toBeGreaterThan(0);
    expect(await tables()).toEqual([]);
    const up = await migrateToLatest(testDb.db);
    expect(up.length).toBe(down.length);
    expect((await tables()).length).toBe(all);
    await migrateDown(testDb.db);
    await migrateToLatest(testDb.db);
  });
});
