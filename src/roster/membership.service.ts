/**
 * Self-service on the home tab: join, pause until a date, resume, leave. Each takes effect at
 * once (DESIGN §7: opting out is one click). Leaving or pausing withdraws open invitations through
 * the waves' seam, so a pod is never kept waiting on someone who has gone or said "not now".
 */
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { syncPodsOfPeople } from '../calendar/membership.service.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import { jobId } from '../queue/job-id.ts';
import type { Queues } from '../queues.ts';
import type { ReconcileDeps } from '../reconcile/reconcile.service.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { onPeopleLeft, onPeoplePaused, type LeaversOutcome } from '../waves/leavers.ts';

/**
 * What pausing and leaving need beyond the database: the backfill invites they cause are queued
 * as soon as the change commits (not left for the reconcile tick), and lead homes refresh.
 */
export interface MembershipDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  config?: Pick<Config, 'PEERPODS_ADMINS'>;
}

export async function joinProgramme(db: Db, personId: string, now: Date): Promise<void> {
  await db
    .updateTable('person')
    .set({ status: 'active', left_reason: null, paused_until: null, enrolled: true, updated_at: now })
    .where('id', '=', personId)
    .execute();
}

/**
 * Pauses at once: open invitations are withdrawn (and backfilled); accepted ones stand. They stay
 * in their pod, but its calendar occurrences still ahead drop them until the pause ends (the
 * calendar writes are intents in this transaction, like a leaver's).
 */
export async function pauseUntil(deps: MembershipDeps, personId: string, until: Date): Promise<{ withdrawnInvites: number }> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, async (trx, emit) => {
    await trx
      .updateTable('person')
      .set({ status: 'paused', paused_until: until, left_reason: null, updated_at: now })
      .where('id', '=', personId)
      .execute();
    const withdrawn = await onPeoplePaused(trx, [personId], now, emit);
    await syncPodsOfPeople(trx, emit, [personId], now);
    return withdrawn;
  });
  return afterWithdrawal(deps, outcome);
}

/** Ends a pause now: the pod's occurrences still ahead invite them again. */
export async function resume(deps: MembershipDeps, personId: string): Promise<void> {
  const now = deps.clock.now();
  await withOutbox(deps, async (trx, emit) => {
    const resumed = await trx
      .updateTable('person')
      .set({ status: 'active', paused_until: null, updated_at: now })
      .where('id', '=', personId)
      .where('status', '=', 'paused')
      .returning('id')
      .execute();
    await syncPodsOfPeople(trx, emit, resumed.map((r) => r.id), now);
  });
}

/** Opts out: `left` (opted_out) and pending invites withdrawn, in one transaction. */
export async function leaveProgramme(deps: MembershipDeps, personId: string): Promise<{ withdrawnInvites: number }> {
  const now = deps.clock.now();
  const outcome = await withOutbox(deps, async (trx, emit) => {
    await trx
      .updateTable('person')
      .set({ status: 'left', left_reason: 'opted_out', paused_until: null, updated_at: now })
      .where('id', '=', personId)
      .execute();
    return onPeopleLeft(trx, [personId], now, emit);
  });
  return afterWithdrawal(deps, outcome);
}

/** A withdrawn invitation changes a wave's funnel: the leads' homes show it. */
async function afterWithdrawal(deps: MembershipDeps, outcome: LeaversOutcome): Promise<{ withdrawnInvites: number }> {
  if (outcome.withdrawnInvites.length > 0) await refreshLeadHomes(deps);
  return { withdrawnInvites: outcome.withdrawnInvites.length };
}

/**
 * Reconciler entry: pauses whose date has passed end (their pods' occurrences ahead invite them
 * again), and those people's home tabs are refreshed.
 * Driven by the service clock, so moving the clock in the demo ends pauses too.
 */
export async function endExpiredPauses(deps: ReconcileDeps): Promise<number> {
  const now = deps.clock.now();
  const resumed = await withOutbox(deps, async (trx, emit) => {
    const people = await trx
      .updateTable('person')
      .set({ status: 'active', paused_until: null, updated_at: now })
      .where('status', '=', 'paused')
      .where('paused_until', '<=', now)
      .returning(['slack_user_id', 'id'])
      .execute();
    // Back on their pods' occurrences still ahead, in the same transaction as the status.
    await syncPodsOfPeople(trx, emit, people.map((p) => p.id), now);
    return people;
  });
  for (const person of resumed) {
    if (!person.slack_user_id) continue;
    await deps.enqueue('home-refresh', { slackUserId: person.slack_user_id }, { jobId: jobId('home', person.slack_user_id, 'resumed', now.toISOString()) });
  }
  return resumed.length;
}
