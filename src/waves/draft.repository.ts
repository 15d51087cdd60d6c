import { sql } from 'kysely';
import type { Executor } from '../db.ts';

/**
 * Draft waves the lead can come back to: previewed (they have proposed pods), not launched, not
 * discarded. Newest first, with what the home tab says about each.
 */
export async function draftWaves(db: Executor) {
  return db.selectFrom('wave')
    .select(['wave.id', 'wave.name', 'wave.created_at', 'wave.start_week',
      sql<number>`(SELECT count(*)::int FROM pod WHERE pod.wave_id = wave.id AND pod.status = 'proposed')`.as('pods'),
      sql<number>`(SELECT count(*)::int FROM wave_member m WHERE m.wave_id = wave.id AND m.state = 'placed')`.as('placed')])
    .where('wave.status', '=', 'draft').where('wave.launch_requested_at', 'is', null)
    .where(({ exists, selectFrom }) => exists(selectFrom('pod').select('pod.id').whereRef('pod.wave_id', '=', 'wave.id').where('pod.status', '=', 'proposed')))
    .orderBy('wave.created_at', 'desc').orderBy('wave.id')
    .execute();
}

export type DraftWave = Awaited<ReturnType<typeof draftWaves>>[number];
