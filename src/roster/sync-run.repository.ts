import type { Executor } from '../db.ts';

/** Each sync or import is recorded as a run, so admins see when and how the roster last changed. */
export async function startSyncRun(db: Executor, source: 'slack_directory' | 'csv', at: Date): Promise<string> {
  const row = await db.insertInto('roster_sync').values({ source, started_at: at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function finishSyncRun(
  db: Executor,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; at: Date; stats?: Record<string, number>; error?: string },
): Promise<void> {
  await db
    .updateTable('roster_sync')
    .set({
      status: outcome.status,
      finished_at: outcome.at,
      ...(outcome.stats ? { stats: JSON.stringify(outcome.stats) as unknown as Record<string, number> } : {}),
      error: outcome.error ?? null,
    })
    .where('id', '=', id)
    .execute();
}

export async function lastSyncRun(db: Executor) {
  return db.selectFrom('roster_sync').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
}
