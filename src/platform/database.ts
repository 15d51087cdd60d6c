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
  // In a detached process of its own (embedded-postgres-host.ts): a Ctrl-C in the terminal reaches
  // this process, which stops in order, and never the server, which goes last.
  const { startDetachedEmbeddedPostgres } = await import('./embedded-host.ts');
  const embedded = await startDetachedEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log, ...embeddedOptions });
  const db = createDb(embedded.url);
  return {
    url: embedded.url,
    db,
    embedded: true,
    async close() {
      await db.destroy();
      // BullMQ's Postgres pools resolve close() before their sockets have finished ending; the
      // server's shutdown waits for them (a smart shutdown) rather than terminating them.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await embedded.stop();
    },
  };
}
