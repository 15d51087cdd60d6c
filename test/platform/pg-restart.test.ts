import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../../src/db.ts';
import { addIntents } from '../../src/outbox/outbox.repository.ts';
import { reconcile } from '../../src/reconcile/reconcile.service.ts';
import { ADMIN_URL } from '../support/database.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// A Postgres restart (or failover) drops every connection. The machine's Postgres is shared, so
// the restart is simulated the way it looks to clients: pg_terminate_backend on every connection
// to this test's database (57P01 "terminating connection due to administrator command").
async function terminateConnections(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows[0]!.n;
  } finally {
    await admin.end();
  }
}

async function terminatePid(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const unhandled: unknown[] = [];
const onError = (error: unknown) => void unhandled.push(error);

describe.each([['redis'], ['postgres']] as const)('a Postgres restart with queues on %s', (queues) => {
  let rt: TestRuntime;
  afterAll(async () => {
    process.off('uncaughtException', onError);
    await rt?.stop();
  });

  it('app and workers recover by themselves, nothing is lost or sent twice', async () => {
    process.on('uncaughtException', onError);
    rt = await startTestRuntime(queues === 'postgres' ? { env: { REDIS_URL: '' } } : {});
    expect(rt.backend.kind).toBe(queues);
    const user = rt.slackEmulator.workspace.addUser({ email: `restart-${queues}@example.com`, realName: 'Restart' });
    await addIntents(rt.db, [{ key: `restart/${queues}/1`, kind: 'slack.message', payload: { channel: user.id, text: 'before' } }], rt.clock.now());
    await reconcile(rt);
    await rt.drain(30_000);

    const database = new URL(rt.databaseUrl).pathname.slice(1);
    expect(await terminateConnections(database)).toBeGreaterThan(0);
    await sleep(1_500);

    // Work written after the restart still goes out, once; the app still answers.
    await addIntents(rt.db, [{ key: `restart/${queues}/2`, kind: 'slack.message', payload: { channel: user.id, text: 'after' } }], rt.clock.now());
    await reconcile(rt);
    await expect.poll(() => rt.slackEmulator.log.dmsTo(user.id).map((m) => m.text), { timeout: 30_000 }).toEqual(['before', 'after']);
    const health = await fetch(new URL('/healthz', rt.requestUrl!).href);
    expect(health.status).toBe(200);
    expect(unhandled).toEqual([]);
  });
});

describe('a connection dropped while its client is checked out', () => {
  it('fails the transaction it was in, does not crash the process, and the pool carries on', async () => {
    const rt = await startTestRuntime({ workers: false, app: false });
    const db = createDb(rt.databaseUrl, { max: 2 });
    try {
      const outcome = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        await terminatePid(rows[0]!.pid);
        // The server's goodbye arrives while the client sits checked out between two queries.
        await sleep(300);
        await sql`SELECT 1`.execute(trx);
        return 'committed';
      }).catch(() => 'failed');
      expect(outcome).toBe('failed');
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
      await rt.stop();
    }
  });
});
