import pg from 'pg';
import { createDb } from '../../src/db.ts';
import { migrateToLatest } from '../../src/migrate.ts';
import { ADMIN_URL, TEMPLATE_DB, TEST_DB_PREFIX, adminQuery, databaseUrl } from './database.ts';

async function dropLeftovers(): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Once per run: a migrated template database every test file clones. */
export default async function setup(): Promise<() => Promise<void>> {
  await dropLeftovers();
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = createDb(databaseUrl(TEMPLATE_DB), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return dropLeftovers;
}
