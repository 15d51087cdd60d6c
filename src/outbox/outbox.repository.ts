import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import { effectSchemas, type EffectKind, type Intent } from './effects.ts';
import type { OutboxRow, OutboxState } from './outbox.table.ts';

/**
 * Records intents in the caller's transaction. A key seen before keeps its first intent: the
 * same logical side effect is never queued twice. Returns the rows still to deliver; `fresh`
 * marks those this call inserted, whose ids no job can hold yet.
 */
export async function addIntents(db: Executor, all: Intent[], now: Date): Promise<{ id: string; kind: string; not_before: Date; fresh: boolean }[]> {
  const intents = await absorbHeldUpdates(db, all);
  if (intents.length === 0) return [];
  const rows = intents.map((intent) => ({
    idempotency_key: intent.key,
    kind: intent.kind,
    payload: JSON.stringify(effectSchemas[intent.kind].parse(intent.payload)),
    not_before: intent.notBefore ?? now,
    created_at: now,
  }));
  // One round trip (a click's ack waits on it): the rows this inserted, plus the rows that were
  // there already. The second half reads the snapshot from before the insert, so nothing comes
  // twice; a row another transaction inserts at the same moment is scheduled by that one. Six
  // parameters a row: slices keep a statement under Postgres' 65,535.
  const stored: { id: string; kind: string; state: string; not_before: Date; fresh: boolean }[] = [];
  for (let i = 0; i < rows.length; i += ADD_SLICE) {
    const slice = rows.slice(i, i + ADD_SLICE);
    stored.push(...await db
      .with('added', (qb) => qb.insertInto('outbox').values(slice).onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'kind', 'state', 'not_before']))
      .selectFrom('added').select(['id', 'kind', 'state', 'not_before', sql<boolean>`true`.as('fresh')])
      .unionAll((eb) => eb.selectFrom('outbox').select(['id', 'kind', 'state', 'not_before', sql<boolean>`false`.as('fresh')])
        .where('idempotency_key', 'in', slice.map((row) => row.idempotency_key)))
      .execute());
  }
  return stored.filter((row) => row.state === 'pending');
}

const ADD_SLICE = 5_000;

export async function findOutbox(db: Executor, id: string) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOutboxByKey(db: Executor, key: string) {
  return db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * Counts the attempt before the call is made and marks the row uncertain for good, so whatever
 * happens next (a crash mid-call, a lost answer, an operator's retry) a later attempt checks
 * Slack for the message before posting again.
 */
export async function markAttempt(db: Executor, id: string): Promise<number> {
  const row = await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), uncertain: true }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/**
 * The row as it was, and, when it is pending, its attempt counted and the row marked uncertain
 * (as markAttempt), in one round trip: the delivery path's read and claim.
 */
export async function claimAttempt(db: Executor, id: string) {
  const { rows } = await sql<Pick<OutboxRow, 'id' | 'idempotency_key' | 'kind' | 'payload' | 'state' | 'uncertain' | 'seq' | 'created_at'>>`
    WITH old AS (SELECT id, idempotency_key, kind, payload, state, uncertain, seq, created_at FROM outbox WHERE id = ${id}),
    claimed AS (UPDATE outbox SET attempts = outbox.attempts + 1, uncertain = true FROM old WHERE outbox.id = old.id AND old.state = 'pending' RETURNING outbox.id)
    SELECT old.* FROM old LEFT JOIN claimed ON claimed.id = old.id`.execute(db);
  return rows[0];
}

/**
 * Takes back an attempt that ended in a definite "not now" (a 429, a message not sent yet):
 * it does not count, and it cannot have posted anything, so the row's uncertainty is what it
 * was before.
 */
export async function unmarkAttempt(db: Executor, id: string, uncertainBefore: boolean, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '-', 1), uncertain: uncertainBefore, last_error: error.slice(0, 2000) }))
    .where('id', '=', id)
    .execute();
}

export async function markSent(db: Executor, id: string, result: unknown, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'sent', sent_at: now, result: JSON.stringify(result), last_error: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

export async function markFailed(db: Executor, id: string, error: string): Promise<void> {
  await db.updateTable('outbox').set({ state: 'failed', last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
}

export async function noteError(db: Executor, id: string, error: string): Promise<void> {
  await db.updateTable('outbox').set({ last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
}

/**
 * True when an in-place update of the same message, written after this one, was already
 * delivered: this one shows an older state and must not overwrite it.
 */
export async function newerUpdateSent(db: Executor, messageKey: string, seq: string): Promise<boolean> {
  const row = await db
    .selectFrom('outbox')
    .select('id')
    .where('kind', '=', 'slack.update')
    .where(sql<string>`payload->>'messageKey'`, '=', messageKey)
    .where('seq', '>', seq)
    .where('state', '=', 'sent')
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * An in-place update of a message the respect policy still holds (an invite waiting for 08:00 in
 * its reader's zone) rewrites the held message instead: it goes out once, as it reads by then.
 * An update of a message the policy dropped has nothing to edit. Other intents pass through.
 */
async function absorbHeldUpdates(db: Executor, intents: Intent[]): Promise<Intent[]> {
  const updates = intents.filter((i) => i.kind === 'slack.update') as Intent<'slack.update'>[];
  if (updates.length === 0) return intents;
  const held = new Map((await db.selectFrom('nudge').select(['id', 'key', 'state'])
    .where('key', 'in', updates.map((u) => u.payload.messageKey)).where('state', '<>', 'sent').execute()).map((n) => [n.key, n]));
  if (held.size === 0) return intents;
  const kept: Intent[] = [];
  for (const intent of intents) {
    const nudge = intent.kind === 'slack.update' ? held.get((intent as Intent<'slack.update'>).payload.messageKey) : undefined;
    if (!nudge) { kept.push(intent); continue; }
    if (nudge.state === 'planned') {
      const { text, blocks } = (intent as Intent<'slack.update'>).payload;
      await db.updateTable('nudge').set({ message: JSON.stringify({ text, ...(blocks ? { blocks } : {}) }) as never }).where('id', '=', nudge.id).execute();
    }
  }
  return kept;
}

/**
 * Withdraws intents not yet delivered (e.g. reminders of an invite that was answered), including
 * nudges the respect policy still holds under these keys (they are dropped, never released).
 * Returns each existing row's state once this statement is done ('cancelled' for those it
 * withdrew, 'sent' for one already delivered), so a caller knows without reading it again.
 */
export async function cancelPending(db: Executor, keys: string[]): Promise<Map<string, OutboxState>> {
  if (keys.length === 0) return new Map();
  // One statement (an answer's ack waits on it): what dropHeldNudges does, then the outbox rows.
  // The rows are locked first (FOR UPDATE waits for a delivery writing one and reads its latest
  // state), so the state returned is the one the update acted on, not the statement's snapshot.
  const rows = await db
    .with('held', (qb) => qb.updateTable('nudge').set({ state: 'dropped', send_at: null, reason: 'cancelled' })
      .where('key', 'in', keys).where('state', '=', 'planned').returning('id'))
    .with('recipients', (qb) => qb.updateTable('nudge_recipient').set({ state: 'dropped', send_at: null, reason: 'cancelled' })
      .where('nudge_id', 'in', (eb) => eb.selectFrom('held').select('id')).where('state', '<>', 'dropped').returning('nudge_recipient.nudge_id'))
    .with('locked', (qb) => qb.selectFrom('outbox').select(['id', 'idempotency_key', 'state']).where('idempotency_key', 'in', keys).forUpdate())
    .with('withdrawn', (qb) => qb.updateTable('outbox').set({ state: 'cancelled' })
      .where('id', 'in', (eb) => eb.selectFrom('locked').select('locked.id').where('locked.state', '=', 'pending')).returning('outbox.id'))
    .selectFrom('locked')
    .select(['locked.idempotency_key as key', sql<OutboxState>`CASE WHEN locked.state = 'pending' THEN 'cancelled' ELSE locked.state END`.as('state')])
    .execute();
  return new Map(rows.map((r) => [r.key, r.state]));
}

/** Pending rows due before `until`: what the reconciler re-enqueues after Redis lost its jobs. */
export async function pendingOutbox(db: Executor, until: Date, limit = 5_000) {
  return db
    .selectFrom('outbox')
    .select(['id', 'kind', 'not_before'])
    .where('state', '=', 'pending')
    .where('not_before', '<=', until)
    .orderBy('not_before')
    .limit(limit)
    .execute();
}

export async function outboxCounts(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/** Calendar effects (google.*) by kind and state, for `peerpods outbox status`. */
export async function calendarEffectCounts(db: Executor): Promise<{ kind: string; state: string; n: number }[]> {
  return db.selectFrom('outbox').select(['kind', 'state', sql<number>`count(*)::int`.as('n')])
    .where('kind', 'like', 'google.%').groupBy(['kind', 'state']).orderBy('kind').orderBy('state').execute();
}

export type { EffectKind };

/**
 * Puts failed rows back to pending (the reconciler then delivers them); returns how many.
 * `uncertain` stays: a row that may have been posted once is looked for before posting again.
 */
export async function retryFailed(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .updateTable('outbox')
    .set({ state: 'pending', attempts: 0, not_before: now })
    .where('state', '=', 'failed')
    .returning('id')
    .execute();
  return rows.length;
}
