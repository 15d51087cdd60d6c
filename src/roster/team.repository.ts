import type { Executor } from '../db.ts';
import type { TeamSource } from './roster.table.ts';

/**
 * Team ids by name for one source, creating the missing teams. Returns how many were created,
 * so a sync that changes nothing can show 0.
 */
export async function ensureTeams(db: Executor, source: TeamSource, names: Iterable<string>): Promise<{ ids: Map<string, string>; created: number }> {
  const wanted = [...new Set(names)];
  const ids = new Map<string, string>();
  if (wanted.length === 0) return { ids, created: 0 };
  const existing = await db.selectFrom('team').select(['id', 'name']).where('source', '=', source).where('name', 'in', wanted).execute();
  for (const team of existing) ids.set(team.name, team.id);
  const missing = wanted.filter((name) => !ids.has(name));
  for (let i = 0; i < missing.length; i += 500) {
    const inserted = await db
      .insertInto('team')
      .values(missing.slice(i, i + 500).map((name) => ({ name, source })))
      .onConflict((oc) => oc.columns(['source', 'name']).doNothing())
      .returning(['id', 'name'])
      .execute();
    for (const team of inserted) ids.set(team.name, team.id);
  }
  return { ids, created: missing.length };
}

export async function listTeams(db: Executor) {
  return db.selectFrom('team').selectAll().orderBy('name').execute();
}
