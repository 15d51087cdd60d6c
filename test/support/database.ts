import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/db.ts';

/** The server tests run against; CI and our machines have Postgres on 127.0.0.1 with trust auth. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'peerpods_template';
export const TEST_DB_PREFIX = 'peerpods_t_';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  destroy(): Promise<void>;
}

/** A fresh database cloned from the migrated template: isolated per test file, fast to make. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = databaseUrl(name);
  const db = createDb(url, { max: 5 });
  return {
    name,
    url,
    db,
    async destroy() {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Empties every domain table, for suites that share one database across tests. */
export async function truncateAll(db: Db): Promise<void> {
  const { sql } = await import('kysely');
  await sql`TRUNCATE team, person, person_role, roster_sync, programme, wave, wave_team, wave_member, pod,
    invite, pod_member, pod_session, attendance, retro_response, pairing, excluded_pair, outbox, audit_log
    RESTART IDENTITY CASCADE`.execute(db);
}
