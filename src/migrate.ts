import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/**
 * Loads migrations with our own import() rather than Kysely's FileMigrationProvider, so the
 * TypeScript files load through whatever runs us (tsx in the CLI, vite-node under vitest).
 */
const provider: MigrationProvider = {
  async getMigrations() {
    // .ts from the sources (tsx, vitest), .js from the compiled build in the image; the name
    // without its extension is what the migrations table records, so both agree.
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = { up: module.up, down: module.down };
    }
    return migrations;
  },
};

function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db: db as unknown as Kysely<unknown>, provider });
}

export class MigrationError extends Error {
  constructor(readonly migration: string | undefined, cause: unknown) {
    super(`Migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

function settle(outcome: MigrationResultSet): string[] {
  if (outcome.error) {
    const failed = outcome.results?.find((result) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName, outcome.error);
  }
  return (outcome.results ?? []).map((result) => `${result.direction} ${result.migrationName}`);
}

/** Applies every pending migration; returns what ran ("Up name"). */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  return settle(await migrator(db).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown<DB>(db: Kysely<DB>): Promise<string[]> {
  return settle(await migrator(db).migrateDown());
}

/** Reverts every migration (tests use this to prove down() mirrors up()). */
export async function migrateToZero<DB>(db: Kysely<DB>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely/migration');
  return settle(await migrator(db).migrateTo(NO_MIGRATIONS));
}
