import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/migrate.ts';
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
    const latest = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')).sort().at(-1)!.replace(/\.ts$/, '');
    const applied = async () =>
      (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(testDb.db)).rows.map((r) => r.name);
    const down = peerpods('migrate', '--down');
    expect(down.status).toBe(0);
    expect(down.stdout.trim()).toBe(`Down ${latest}`);
    expect(await applied()).not.toContain(latest);
    const up = peerpods('migrate');
    expect(up.status).toBe(0);
    expect(up.stdout.trim()).toBe(`Up ${latest}`);
    expect(await applied()).toContain(latest);
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

describe('peerpods outbox', () => {
  it('puts failed side effects back to pending and reports the counts', async () => {
    await testDb.db.insertInto('outbox').values([
      { idempotency_key: 'cli/failed', kind: 'slack.message', payload: JSON.stringify({ channel: 'U1', text: 'x' }), state: 'failed', attempts: 8, last_error: 'invalid_auth' },
      { idempotency_key: 'cli/sent', kind: 'slack.message', payload: JSON.stringify({ channel: 'U1', text: 'y' }), state: 'sent', sent_at: new Date() },
    ]).execute();
    const status = peerpods('outbox', 'status');
    expect(status.stdout).toContain('failed 1');
    const retry = peerpods('outbox', 'retry');
    expect(retry.status).toBe(0);
    expect(retry.stdout).toContain('1 failed side effects queued again');
    expect(retry.stdout).toContain('pending 1 · sent 1 · failed 0');
    const row = await testDb.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', 'cli/failed').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'pending', attempts: 0 });
  });
});
