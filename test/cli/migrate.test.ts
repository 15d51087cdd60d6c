import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

function peerpods(...args: string[]) {
  return spawnSync(process.execPath, ['bin/peerpods.js', ...args], {
    env: { ...process.env, DATABASE_URL: testDb.url },
    encoding: 'utf8',
  });
}

describe('peerpods migrate', () => {
  it('reverts one step with --down and re-applies it', async () => {
    const down = peerpods('migrate', '--down');
    expect(down.status).toBe(0);
    expect(down.stdout).toMatch(/^Down /m);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'person'`.execute(testDb.db);
    expect(rows[0]?.n).toBe(0);
    const up = peerpods('migrate');
    expect(up.status).toBe(0);
    expect(up.stdout).toMatch(/^Up /m);
    expect(peerpods('migrate').stdout).toMatch(/up to date/);
  });

  it('refuses unknown options', () => {
    const run = peerpods('migrate', '--sideways');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Unknown option --sideways/);
  });

  it('names every command in its help', () => {
    const help = spawnSync(process.execPath, ['bin/peerpods.js', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const command of ['migrate', 'start', 'demo', 'roster', 'match', 'bench']) expect(help.stdout).toContain(command);
  });
});
