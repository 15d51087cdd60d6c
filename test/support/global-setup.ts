import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db.ts';
import { migrateToLatest } from '../../src/migrate.ts';
import { ADMIN_URL, TEST_DB_PREFIX, adminQuery, databaseUrl, templateName } from './database.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops this run's databases, and those of earlier runs whose process is gone. */
async function dropDatabases(mine: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      const pid = Number(/^peerpods_t_(\d+)_/.exec(datname)?.[1]);
      const ours = pid === process.pid;
      if ((mine && ours) || (!ours && !(pid && alive(pid)))) {
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    }
  } finally {
    await client.end();
  }
}

/** Once per run: a migrated template database every test file clones. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await dropDatabases(false);
  const template = templateName(process.pid);
  await adminQuery(`CREATE DATABASE ${template}`);
  const db = createDb(databaseUrl(template), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDb', template);
  return () => dropDatabases(true);
}
