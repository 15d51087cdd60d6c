import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { PolicyRecipient } from '../core/nudges/policy.ts';
import type { NudgeState } from './nudge.table.ts';

export async function findNudgeByKey(db: Executor, key: string) {
  return db.selectFrom('nudge').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Serialises nudges to the same people (in a fixed order, so two transactions cannot deadlock):
 * two nudges decided at once must not both take the last place under someone's weekly cap.
 */
export async function lockRecipients(db: Executor, personIds: readonly string[]): Promise<void> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return;
  // One round trip; the ORDER BY takes the locks in the same order in every transaction.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(id, 9)) FROM unnest(${ids}::text[]) AS id ORDER BY id`.execute(db);
}

export interface RecipientRow extends PolicyRecipient {
  slackUserId: string | null;
}

/** The people as the policy needs them (zone, status), in the order asked. */
export async function recipientsOf(db: Executor, personIds: readonly string[]): Promise<RecipientRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('person').select(['id', 'timezone', 'status', 'slack_user_id']).where('id', 'in', [...personIds]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return personIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ personId: r.id, zone: r.timezone, status: r.status, slackUserId: r.slack_user_id }] : [];
  });
}

/** Counted nudges planned or sent to these people between `from` and `to`, except `exceptNudgeId`. */
export async function bookedNudges(db: Executor, personIds: readonly string[], from: Date, to: Date, exceptNudgeId?: string): Promise<Map<string, Date[]>> {
  const map = new Map<string, Date[]>();
  if (personIds.length === 0) return map;
  let q = db.selectFrom('nudge_recipient').select(['person_id', 'send_at'])
    .where('person_id', 'in', [...personIds]).where('counts', '=', true).where('state', '<>', 'dropped')
    .where('send_at', '>=', from).where('send_at', '<', to);
  if (exceptNudgeId) q = q.where('nudge_id', '<>', exceptNudgeId);
  for (const row of await q.execute()) {
    if (!row.send_at) continue;
    map.set(row.person_id, [...(map.get(row.person_id) ?? []), row.send_at]);
  }
  return map;
}

/** The weekly cap and working days of a programme (defaults when there is none). */
export async function programmePolicy(db: Executor, programmeId: string | null | undefined) {
  if (!programmeId) return undefined;
  return db.selectFrom('programme').select(['nudge_weekly_cap', 'work_days']).where('id', '=', programmeId).executeTakeFirst();
}

export async function setRecipients(
  db: Executor,
  nudgeId: string,
  rows: { personId: string; counts: boolean; state: NudgeState; reason: string | null; sendAt: Date | null }[],
): Promise<void> {
  await db.deleteFrom('nudge_recipient').where('nudge_id', '=', nudgeId).execute();
  if (rows.length === 0) return;
  await db.insertInto('nudge_recipient').values(rows.map((r) => ({
    nudge_id: nudgeId, person_id: r.personId, counts: r.counts, state: r.state, reason: r.reason, send_at: r.sendAt,
  }))).execute();
}

/** Held nudges now due, locked for this transaction (another worker skips them). */
export async function dueNudges(db: Executor, now: Date, limit: number) {
  return db.selectFrom('nudge').selectAll().where('state', '=', 'planned').where('send_at', '<=', now)
    .orderBy('send_at').limit(limit).forUpdate().skipLocked().execute();
}

export async function recipientIdsOf(db: Executor, nudgeId: string) {
  return db.selectFrom('nudge_recipient').select(['person_id', 'counts']).where('nudge_id', '=', nudgeId).execute();
}

/** Ledger counts by kind and state: what the demo and operators read. */
export async function nudgeCounts(db: Executor): Promise<Record<string, Record<string, number>>> {
  const rows = await db.selectFrom('nudge').select(['kind', 'state', sql<number>`count(*)::int`.as('n')]).groupBy(['kind', 'state']).execute();
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.kind] ??= {})[r.state] = r.n;
  return out;
}
