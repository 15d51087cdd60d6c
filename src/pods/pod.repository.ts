import type { Executor } from '../db.ts';
import type { PodStatus } from './pod.table.ts';

export async function findPod(db: Executor, id: string) {
  return db.selectFrom('pod').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setPodStatus(db: Executor, id: string, status: PodStatus, extra: { confirmed_at?: Date; dissolved_reason?: string } = {}) {
  await db.updateTable('pod').set({ status, ...extra }).where('id', '=', id).execute();
}

export async function membersOfPod(db: Executor, podId: string) {
  return db.selectFrom('pod_member').selectAll().where('pod_id', '=', podId).where('left_at', 'is', null).orderBy('seat').execute();
}

/** Pairing history, one row per pair (a < b) per pod start; repeated confirmation changes nothing. */
export async function recordPairings(db: Executor, podId: string, personIds: readonly string[], metOn: string) {
  const rows: { person_a: string; person_b: string; pod_id: string; met_on: string }[] = [];
  const ids = [...personIds].sort();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) rows.push({ person_a: ids[i]!, person_b: ids[j]!, pod_id: podId, met_on: metOn });
  }
  if (rows.length) await db.insertInto('pairing').values(rows).onConflict((oc) => oc.columns(['person_a', 'person_b', 'met_on']).doNothing()).execute();
}
