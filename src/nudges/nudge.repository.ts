import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { PolicyRecipient } from '../core/nudges/policy.ts';
import type { NudgeState } from './nudge.table.ts';

export async function findNudgeByKey(db: Executor, key: string) {
  return db.selectFrom('nudge').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findNudgesByKeys(db: Executor, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return db.selectFrom('nudge').selectAll().where('key', 'in', [...keys]).execute();
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

/** Counted nudges planned or sent to these people between `from` and `to`, except the nudges `except` (being decided). */
export async function bookedNudges(db: Executor, personIds: readonly string[], from: Date, to: Date, except: readonly string[] = []): Promise<Map<string, Date[]>> {
  const map = new Map<string, Date[]>();
  if (personIds.length === 0) return map;
  let q = db.selectFrom('nudge_recipient').select(['person_id', 'send_at'])
    .where('person_id', 'in', [...personIds]).where('counts', '=', true).where('state', '<>', 'dropped')
    .where('send_at', '>=', from).where('send_at', '<', to);
  if (except.length > 0) q = q.where('nudge_id', 'not in', [...except]);
  for (const row of await q.execute()) {
    if (!row.send_at) continue;
    map.set(row.person_id, [...(map.get(row.person_id) ?? []), row.send_at]);
  }
  return map;
}

/** The weekly cap and working days of each programme asked for (absent ones get the defaults). */
export async function programmePolicies(db: Executor, programmeIds: readonly (string | null | undefined)[]) {
  const ids = [...new Set(programmeIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map<string, { nudge_weekly_cap: number; work_days: number[] }>();
  const rows = await db.selectFrom('programme').select(['id', 'nudge_weekly_cap', 'work_days']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each nudge's state after a decision: one statement for the whole batch. */
export async function storeDecisions(db: Executor, rows: readonly { id: string; state: NudgeState; sendAt: Date | null; reason: string | null }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`UPDATE nudge SET state = d.state, send_at = d.send_at, reason = d.reason, decided_at = ${now}
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.state)}::text[], ${rows.map((r) => r.sendAt)}::timestamptz[], ${rows.map((r) => r.reason)}::text[])
      AS d(id, state, send_at, reason)
    WHERE nudge.id = d.id`.execute(db);
}

/** The recipients of these nudges, as decided (a fresh nudge has none to delete yet). */
export async function replaceRecipients(
  db: Executor,
  nudgeIds: readonly string[],
  rows: readonly { nudgeId: string; personId: string; counts: boolean; state: NudgeState; reason: string | null; sendAt: Date | null }[],
  opts: { fresh: boolean },
): Promise<void> {
  if (!opts.fresh && nudgeIds.length > 0) await db.deleteFrom('nudge_recipient').where('nudge_id', 'in', [...nudgeIds]).execute();
  if (rows.length === 0) return;
  await db.insertInto('nudge_recipient').values(rows.map((r) => ({
    nudge_id: r.nudgeId, person_id: r.personId, counts: r.counts, state: r.state, reason: r.reason, send_at: r.sendAt,
  }))).execute();
}

/** Held nudges now due, locked for this transaction (another worker skips them). */
export async function dueNudges(db: Executor, now: Date, limit: number) {
  return db.selectFrom('nudge').selectAll().where('state', '=', 'planned').where('send_at', '<=', now)
    .orderBy('send_at').limit(limit).forUpdate().skipLocked().execute();
}

export async function recipientIdsOfMany(db: Executor, nudgeIds: readonly string[]) {
  const map = new Map<string, { person_id: string; counts: boolean }[]>();
  if (nudgeIds.length === 0) return map;
  const rows = await db.selectFrom('nudge_recipient').select(['nudge_id', 'person_id', 'counts']).where('nudge_id', 'in', [...nudgeIds]).execute();
  for (const r of rows) map.set(r.nudge_id, [...(map.get(r.nudge_id) ?? []), { person_id: r.person_id, counts: r.counts }]);
  return map;
}

/** Ledger counts by kind and state: what the demo and operators read. */
export async function nudgeCounts(db: Executor): Promise<Record<string, Record<string, number>>> {
  const rows = await db.selectFrom('nudge').select(['kind', 'state', sql<number>`count(*)::int`.as('n')]).groupBy(['kind', 'state']).execute();
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.kind] ??= {})[r.state] = r.n;
  return out;
}

/**
 * Drops nudges the respect policy still holds under these keys (e.g. the invites of a wave
 * cancelled before they reached anyone): they are never released, and an update of them is
 * then ignored. Sent ones are left alone. Returns the keys dropped.
 */
export async function dropHeldNudges(db: Executor, keys: readonly string[], reason: string): Promise<string[]> {
  if (keys.length === 0) return [];
  const held = await db.updateTable('nudge').set({ state: 'dropped', send_at: null, reason })
    .where('key', 'in', [...keys]).where('state', '=', 'planned').returning(['id', 'key']).execute();
  if (held.length > 0) {
    await db.updateTable('nudge_recipient').set({ state: 'dropped', send_at: null, reason })
      .where('nudge_id', 'in', held.map((h) => h.id)).where('state', '<>', 'dropped').execute();
  }
  return held.map((h) => h.key);
}
