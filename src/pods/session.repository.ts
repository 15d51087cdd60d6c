import type { Executor } from '../db.ts';
import type { PodSession } from './pod.table.ts';

/** A pod round's sessions in order. */
export async function sessionsOfPod(db: Executor, podId: string): Promise<PodSession[]> {
  return db.selectFrom('pod_session').selectAll().where('pod_id', '=', podId).orderBy('index').execute();
}

/** Facilitators of every earlier round of this pod (oldest first), for a fair rotation. */
export async function earlierFacilitators(db: Executor, podId: string): Promise<(string | null)[]> {
  const chain: string[] = [];
  let current = await db.selectFrom('pod').select('previous_pod_id').where('id', '=', podId).executeTakeFirst();
  while (current?.previous_pod_id && chain.length < 100) {
    chain.unshift(current.previous_pod_id);
    current = await db.selectFrom('pod').select('previous_pod_id').where('id', '=', current.previous_pod_id).executeTakeFirst();
  }
  if (chain.length === 0) return [];
  const rows = await db.selectFrom('pod_session').select(['pod_id', 'index', 'facilitator_id']).where('pod_id', 'in', chain)
    .where('status', '<>', 'cancelled').execute();
  const order = new Map(chain.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.pod_id)! - order.get(b.pod_id)! || a.index - b.index).map((r) => r.facilitator_id);
}

export interface NewSession {
  index: number;
  starts_at: Date;
  ends_at: Date;
  facilitator_id: string | null;
  moved: boolean;
  conflicts: number;
}

/** Writes a round's sessions; existing rows (same pod and index) are left alone, so a retry is harmless. */
export async function insertSessions(db: Executor, podId: string, sessions: readonly NewSession[], now: Date): Promise<void> {
  if (sessions.length === 0) return;
  await db.insertInto('pod_session')
    .values(sessions.map((s) => ({ pod_id: podId, ...s, updated_at: now })))
    .onConflict((oc) => oc.columns(['pod_id', 'index']).doNothing())
    .execute();
}
