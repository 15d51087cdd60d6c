import type { WebClient } from '@slack/web-api';
import { sql } from 'kysely';
import type { Db, Tx } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import { asRateLimited, RetryLaterError, UnrecoverableError } from '../queue/errors.ts';
import { jobId } from '../queue/job-id.ts';
import type { LiveJobs } from '../queue/live-jobs.ts';
import type { Queues } from '../queues.ts';
import { effectSchemas, type Intent, type SlackMessageResult } from './effects.ts';
import { isGoogleKind } from '../calendar/effects.ts';
import { performCalendarEffect } from '../calendar/calendar-delivery.ts';
import type { GoogleConnection } from '../google/auth.ts';
import { GooglePermanentError } from '../google/errors.ts';
import {
  addIntents, claimAttempt, findOutboxByKey, markFailed, markSent, newerUpdateSent, noteError, pendingOutbox,
  unmarkAttempt,
} from './outbox.repository.ts';
import { isPermanentSlackError, postGroupMessage, postMessage, updateMessage } from './slack-delivery.ts';

/** Another worker holds this row right now; try again shortly (not a failed attempt). */
export class DeliveryBusyError extends RetryLaterError {
  constructor(readonly outboxId: string) {
    super(1_000, `Outbox ${outboxId} is being delivered by another worker`);
    this.name = 'DeliveryBusyError';
  }
}

/** An update whose message is not sent yet; waits until it is, without using up attempts. */
export class DependencyPendingError extends RetryLaterError {
  constructor(readonly key: string) {
    super(2_000, `Waiting for ${key} to be delivered first`);
    this.name = 'DependencyPendingError';
  }
}

/** "Not now" rather than "failed": a rate limit or a wait on another row. Never counts, never fails a row. */
export function isTransientDeliveryError(error: unknown): boolean {
  return error instanceof RetryLaterError || asRateLimited(error) !== undefined;
}

/** Calendar writes and Slack messages wait in separate queues: a 429 on one never stalls the other. */
export function outboxQueueOf(kind: string | undefined): 'outbox-slack' | 'outbox-google' {
  return kind && isGoogleKind(kind) ? 'outbox-google' : 'outbox-slack';
}

const ENQUEUE_PARALLEL = 50;

/**
 * Queues delivery of the rows that are due (job id = row id: enqueuing twice is harmless).
 * Rows due later wait in Postgres for the reconciler's tick, which reads the service clock, so
 * moving the clock in the demo and tests moves deliveries with it.
 */
export async function scheduleDelivery(
  enqueue: Enqueue<Queues>,
  rows: { id: string; kind?: string; not_before: Date; fresh?: boolean }[],
  now: Date,
): Promise<number> {
  const due = rows.filter((row) => row.not_before.getTime() <= now.getTime());
  // Several enqueues in flight at once: ioredis pipelines them, so a batch of rows costs a few
  // Redis round trips instead of three per row one after another.
  for (let i = 0; i < due.length; i += ENQUEUE_PARALLEL) {
    await Promise.all(due.slice(i, i + ENQUEUE_PARALLEL).map((row) => enqueue(outboxQueueOf(row.kind), { outboxId: row.id }, { jobId: jobId('outbox', row.id), ...(row.fresh ? { fresh: true } : {}) })));
  }
  return due.length;
}

/**
 * Runs `work` in a transaction; the intents it emits are written in that same transaction and
 * queued for delivery after commit. If the process dies between commit and enqueue, the
 * reconciler finds the pending rows (DESIGN.md §5).
 */
export async function withOutbox<T>(
  deps: { db: Db; clock: Clock; enqueue: Enqueue<Queues> },
  work: (trx: Tx, emit: (intent: Intent) => void) => Promise<T>,
  /** Runs right after commit, before the enqueues: where a Slack listener acks what is now stored. */
  committed?: () => Promise<void>,
): Promise<T> {
  const intents: Intent[] = [];
  const now = deps.clock.now();
  const { result, rows } = await deps.db.transaction().execute(async (trx) => {
    const result = await work(trx, (intent) => intents.push(intent));
    return { result, rows: await addIntents(trx, intents, now) };
  });
  await committed?.();
  await scheduleDelivery(deps.enqueue, rows, now);
  return result;
}

export interface DeliveryDeps {
  db: Db;
  slack: WebClient;
  clock: Clock;
  /** For google.* effects (the workers always have it). */
  google?: GoogleConnection;
  /** Queues follow-up effects at once (else the reconcile tick finds them). */
  enqueue?: Enqueue<Queues>;
}

/**
 * Delivers one outbox row at most once. An advisory lock keeps two workers (a stalled job
 * re-run beside the original) off the same row; the attempt is counted and the row marked
 * uncertain before the API call, so a retry after a crash checks Slack for the message before
 * posting again. Only real failures count: a 429 or a wait for another row gives the attempt
 * back and can never mark the row failed, even on the job's last attempt.
 */
export async function deliverOutbox(deps: DeliveryDeps, id: string, options: { finalAttempt: boolean }): Promise<string> {
  return deps.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${id}, 7)) AS locked`.execute(conn);
    if (!rows[0]?.locked) throw new DeliveryBusyError(id);
    try {
      // Read and counted in one statement (after the lock, so it sees the latest commit).
      const row = await claimAttempt(conn, id);
      if (!row || row.state !== 'pending') return row ? `already ${row.state}` : 'gone';
      // Updates of one message go one at a time, until marked sent: whatever order the queue
      // delivers them in, the last state written wins (see perform).
      const messageKey = row.kind === 'slack.update' ? (row.payload as { messageKey?: string }).messageKey : undefined;
      if (messageKey) await sql`SELECT pg_advisory_lock(hashtextextended(${messageKey}, 8))`.execute(conn);
      try {
        const result = await perform(deps, conn, row, row.uncertain);
        await markSent(conn, id, result, deps.clock.now());
        return result.superseded ? 'superseded' : 'sent';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (isTransientDeliveryError(error)) {
          await unmarkAttempt(conn, id, row.uncertain, message);
          throw error;
        }
        if (isPermanentSlackError(error) || error instanceof GooglePermanentError || error instanceof UnrecoverableError || options.finalAttempt) {
          await markFailed(conn, id, message);
          if (!(error instanceof UnrecoverableError)) throw new UnrecoverableError(`outbox ${id}: ${message}`);
        } else {
          await noteError(conn, id, message);
        }
        throw error;
      } finally {
        if (messageKey) await sql`SELECT pg_advisory_unlock(hashtextextended(${messageKey}, 8))`.execute(conn);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${id}, 7))`.execute(conn);
    }
  });
}

async function perform(
  deps: DeliveryDeps,
  db: Parameters<typeof findOutboxByKey>[0],
  row: { idempotency_key: string; kind: string; payload: unknown; seq: string; created_at: Date },
  uncertain: boolean,
): Promise<(SlackMessageResult | Record<string, unknown>) & { superseded?: true }> {
  const { idempotency_key: key, kind, payload } = row;
  switch (kind) {
    case 'slack.message':
      return postMessage(deps.slack, key, effectSchemas['slack.message'].parse(payload), uncertain, row.created_at);
    case 'slack.group_message':
      return postGroupMessage(deps.slack, key, effectSchemas['slack.group_message'].parse(payload), uncertain, row.created_at);
    case 'slack.update': {
      const update = effectSchemas['slack.update'].parse(payload);
      const target = await findOutboxByKey(db, update.messageKey);
      if (!target) throw new UnrecoverableError(`no message with key ${update.messageKey} to update`);
      if (target.state === 'pending') throw new DependencyPendingError(update.messageKey);
      if (target.state !== 'sent') throw new UnrecoverableError(`message ${update.messageKey} was ${target.state}`);
      // An update older than one already shown is skipped (the caller holds the message's lock).
      if (await newerUpdateSent(db, update.messageKey, row.seq)) return { ...(target.result as SlackMessageResult), superseded: true };
      return updateMessage(deps.slack, target.result as SlackMessageResult, update);
    }
    default:
      if (isGoogleKind(kind)) return performGoogle(deps, db, kind, payload, uncertain, row.seq);
      throw new UnrecoverableError(`unknown outbox kind ${kind}`);
  }
}

/** A calendar write; its follow-ups (e.g. the Meet link DM) are recorded before the row is marked sent. */
async function performGoogle(deps: DeliveryDeps, db: Parameters<typeof findOutboxByKey>[0], kind: Parameters<typeof performCalendarEffect>[2], payload: unknown, uncertain: boolean, seq: string): Promise<Record<string, unknown>> {
  if (!deps.google) throw new UnrecoverableError('this process has no Google connection for calendar effects');
  const intents: Intent[] = [];
  const now = deps.clock.now();
  const result = await performCalendarEffect(db, { google: deps.google, now, seq, emit: (intent) => intents.push(intent) }, kind, payload, uncertain);
  const rows = await addIntents(db, intents, now);
  if (deps.enqueue) await scheduleDelivery(deps.enqueue, rows, now);
  return result;
}

/**
 * Re-enqueues the due pending rows that have no job waiting or running: after a Redis flush, a
 * crash between commit and enqueue, or a job that ended without settling its row. Rows whose job
 * is still queued (most of them, in a busy week) are left alone: one pipelined read each instead
 * of an enqueue (three reads and a write script) each, every tick.
 */
export async function reconcileOutbox(deps: { db: Db; clock: Clock; enqueue: Enqueue<Queues>; liveJobs?: LiveJobs }): Promise<number> {
  const now = deps.clock.now();
  let rows = await pendingOutbox(deps.db, now);
  if (deps.liveJobs && rows.length > 0) {
    const missing: typeof rows = [];
    for (const queue of ['outbox-slack', 'outbox-google'] as const) {
      const mine = rows.filter((row) => outboxQueueOf(row.kind) === queue);
      if (mine.length === 0) continue;
      const live = await deps.liveJobs(queue, mine.map((row) => jobId('outbox', row.id)));
      missing.push(...mine.filter((row) => !live.has(jobId('outbox', row.id))));
    }
    rows = missing;
  }
  return scheduleDelivery(deps.enqueue, rows, now);
}
