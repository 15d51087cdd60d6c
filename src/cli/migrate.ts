import { parseConfig } from '../config.ts';
import { migrateDown, migrateToLatest } from '../migrate.ts';
import { openDatabase } from '../platform/database.ts';

/** `peerpods migrate [--down]` */
export async function migrateCommand(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--down');
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}. Usage: peerpods migrate [--down]`);
    return 2;
  }
  const database = await openDatabase(parseConfig());
  try {
    const ran = argv.includes('--down') ? await migrateDown(database.db) : await migrateToLatest(database.db);
    console.log(ran.length ? ran.join('\n') : 'Nothing to migrate: the database is up to date.');
    return 0;
  } finally {
    await database.close();
  }
}
