import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db.ts';

/** The server tests run against; CI and our machines have Postgres on 127.0.0.1 with trust auth. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'peerpods_t_';

/**
 * Each vitest run gets its own template (named after its main process), so two runs on one
 * machine never drop each other's databases.
 */
export function templateName(pid: number): string {
  return `${TEST_DB_PREFIX}${pid}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on('error', () => {}); // a dropped admin connection surfaces as the query's own error
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
  const template = inject('templateDb');
  const name = `${template.replace(/_template$/, '')}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
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

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}
