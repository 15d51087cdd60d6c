/**
 * The one way to nudge people. Every DM or group DM that asks something of someone — invites,
 * facilitator prompts, pod reminders, check-ins, retro asks, lead nudges, digests — goes through
 * `nudge()`, which applies the respect policy of `src/core/nudges/` for each recipient (their
 * zone, 08:00–19:00 on their working days, the programme's weekly cap, nobody paused or gone),
 * records the decision in the nudge ledger, and hands the message to the outbox when it is due.
 *
 * API (all functions take the caller's transaction, so the nudge is written atomically with the
 * state change that called for it; intents reach the outbox through the caller's `emit`, i.e.
 * call them inside `withOutbox`):
 *
 *   nudge(trx, emit, request, now) → NudgeOutcome
 *     request.key      deterministic key (`session/<id>/prompt`, `retro/<pod>/<person>/ask`); a key
 *                      seen before returns the first decision and sends nothing again.
 *     request.kind     a NudgeKind; decides whether it counts toward the cap (all but `digest` and
 *                      `reply`; override with request.counts).
 *     request.to       person ids: one → a DM; 2–8 with `group: true` → one group DM of those
 *                      people who may receive it (paused/left members are left out of the group).
 *     request.channel  optional, with `group`: the existing group DM of exactly these people (e.g.
 *                      the pod's); used when nobody is left out, saving a conversations.open.
 *     request.message  `{text, blocks}` (the pure builders in src/slack/blocks/ make these).
 *     request.plannedAt when it should arrive (default now); request.staleAt: from then on drop it.
 *     request.programmeId whose weekly cap and working days apply (default: cap 3, Mon–Fri).
 *   Outcome: `sent` (in the outbox now), `planned` (held until `sendAt`; the reconcile tick
 *   releases it, re-checking the policy), or `dropped` (with `reason`). Moves are explained in
 *   `reason` too (`quiet_hours`, `weekend`, `weekly_cap`).
 *
 *   updateNudge(trx, emit, key, message, tag)  rewrites a held nudge, or edits the sent message in
 *                      place (a `slack.update` keyed `<key>/<tag>`).
 *   cancelNudge(trx, key, reason)              drops a nudge not delivered yet (e.g. the reminder
 *                      of a session the pod skipped).
 *   releaseDueNudges(deps)                     reconciler entry (every tick).
 */
import { countsByDefault, DEFAULT_WEEKLY_CAP, decideNudge, type NudgeDecision, type NudgeKind } from '../core/nudges/policy.ts';
import { QUIET_HOURS_WINDOW } from '../core/nudges/window.ts';
import type { Db, Executor, Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { cancelPending, findOutboxByKey } from '../outbox/outbox.repository.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import {
  bookedNudges, dueNudges, findNudgesByKeys, lockRecipients, programmePolicies, recipientIdsOfMany, recipientsOf, replaceRecipients, storeDecisions,
  type RecipientRow,
} from './nudge.repository.ts';
import type { Nudge, NudgeMessage, NudgeState } from './nudge.table.ts';

export interface NudgeRequest {
  key: string;
  kind: NudgeKind;
  to: readonly string[];
  group?: boolean;
  /** The group DM these people already share; used only while every one of them receives the nudge. */
  channel?: string | null;
  message: NudgeMessage;
  plannedAt?: Date;
  staleAt?: Date | null;
  programmeId?: string | null;
  podId?: string | null;
  counts?: boolean;
}

export interface NudgeOutcome {
  key: string;
  state: NudgeState;
  sendAt: Date | null;
  reason: string | null;
}

/** A request that can never be delivered as asked (a programming error, not a policy decision). */
export class InvalidNudgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNudgeError';
  }
}

const DAY = 86_400_000;
type Emit = (intent: Intent) => void;

export async function nudge(trx: Tx, emit: Emit, request: NudgeRequest, now: Date): Promise<NudgeOutcome> {
  return (await nudgeMany(trx, emit, [request], now))[0]!;
}

/**
 * Many nudges in one transaction and a fixed number of round trips (the ledger rows in one
 * insert, recipients locked and read once, one update, one recipients insert): what the rhythm
 * tick uses for a batch of sessions. Each is decided as `nudge()` would, in order, and a nudge
 * decided earlier in the batch counts toward a later one's weekly cap. Outcomes in request order.
 */
export async function nudgeMany(trx: Tx, emit: Emit, requests: readonly NudgeRequest[], now: Date): Promise<NudgeOutcome[]> {
  if (requests.length === 0) return [];
  if (new Set(requests.map((r) => r.key)).size !== requests.length) throw new InvalidNudgeError('nudgeMany: a key appears twice in one batch');
  // Postgres takes at most 65,535 bind parameters a statement: a wave of 1,000 pods (5,000 invites
  // × 14 ledger columns) overflowed it. Slices run one after another in the same transaction, so a
  // later slice's weekly cap still sees the nudges an earlier one booked.
  if (requests.length > NUDGE_SLICE) {
    const outcomes: NudgeOutcome[] = [];
    for (let i = 0; i < requests.length; i += NUDGE_SLICE) outcomes.push(...await nudgeSlice(trx, emit, requests.slice(i, i + NUDGE_SLICE), now));
    return outcomes;
  }
  return nudgeSlice(trx, emit, requests, now);
}

/** Requests a slice: 1,000 × 14 ledger columns, and ≤ 8,000 recipients × 6 columns, stay under the limit. */
const NUDGE_SLICE = 1_000;

async function nudgeSlice(trx: Tx, emit: Emit, requests: readonly NudgeRequest[], now: Date): Promise<NudgeOutcome[]> {
  const tos = requests.map((request) => {
    const to = [...new Set(request.to)];
    if (to.length === 0) throw new InvalidNudgeError(`nudge ${request.key} has nobody to go to`);
    if (!request.group && to.length !== 1) throw new InvalidNudgeError(`nudge ${request.key}: a DM goes to one person (use group for ${to.length})`);
    if (request.group && to.length > 8) throw new InvalidNudgeError(`nudge ${request.key}: a group DM holds at most 8 people`);
    return to;
  });
  // A key seen before keeps its first decision (a concurrent twin that won counts as seen).
  const inserted = await trx.insertInto('nudge').values(requests.map((request) => ({
    key: request.key, kind: request.kind, programme_id: request.programmeId ?? null, pod_id: request.podId ?? null,
    group_message: !!request.group, channel: request.group ? request.channel ?? null : null, message: JSON.stringify(request.message) as unknown as NudgeMessage,
    planned_at: request.plannedAt ?? now, stale_at: request.staleAt ?? null, send_at: null, state: 'dropped' as const, reason: 'deciding',
    created_at: now, decided_at: now,
  }))).onConflict((oc) => oc.column('key').doNothing()).returningAll().execute();
  const fresh = new Map(inserted.map((row) => [row.key, row]));
  const seenKeys = requests.map((r) => r.key).filter((key) => !fresh.has(key));
  const seen = new Map(seenKeys.length ? (await findNudgesByKeys(trx, seenKeys)).map((row) => [row.key, row]) : []);
  const decided = await decideAndStoreMany(trx, emit, requests.flatMap((request, i) => {
    const row = fresh.get(request.key);
    const counts = request.counts ?? countsByDefault(request.kind);
    return row ? [{ row, to: tos[i]!.map((id) => ({ person_id: id, counts })) }] : [];
  }), now, { fresh: true });
  const byKey = new Map(decided.map((d) => [d.key, d]));
  return requests.map((r) => byKey.get(r.key) ?? outcomeOf(seen.get(r.key)!));
}

interface Pending {
  row: Nudge;
  to: { person_id: string; counts: boolean }[];
}

/**
 * Applies the policy to ledger rows (new, or held and now due) and stores the results: each
 * row's state, each recipient's, and, for those that may go now, the outbox intents. The
 * recipients of the whole batch are locked once, in one sorted order (no deadlock with another
 * batch), and the cap counts decisions made earlier in the batch.
 */
async function decideAndStoreMany(trx: Executor, emit: Emit, batch: Pending[], now: Date, opts: { fresh: boolean }): Promise<NudgeOutcome[]> {
  if (batch.length === 0) return [];
  const ids = [...new Set(batch.flatMap((b) => b.to.map((t) => t.person_id)))];
  await lockRecipients(trx, ids);
  const people = new Map((await recipientsOf(trx, ids)).map((p) => [p.personId, p]));
  const policies = await programmePolicies(trx, batch.map((b) => b.row.programme_id));
  const horizons = batch.map((b) => Math.max((b.row.send_at ?? b.row.planned_at).getTime(), now.getTime()));
  const booked = await bookedNudges(trx, ids, new Date(Math.min(...horizons) - 8 * DAY), new Date(Math.max(...horizons) + 120 * DAY), batch.map((b) => b.row.id));
  const outcomes: NudgeOutcome[] = [];
  const updates: { id: string; state: NudgeState; sendAt: Date | null; reason: string | null }[] = [];
  const recipientRows: { nudgeId: string; personId: string; counts: boolean; state: NudgeState; reason: string | null; sendAt: Date | null }[] = [];
  for (const { row, to } of batch) {
    const mine = to.flatMap((t) => people.get(t.person_id) ?? []);
    const policy = row.programme_id ? policies.get(row.programme_id) : undefined;
    const counts = to.some((t) => t.counts);
    const decision = decideNudge(
      mine.map((p) => ({ ...p, ...(policy ? { days: policy.work_days } : {}) })),
      { kind: row.kind, plannedAt: row.send_at ?? row.planned_at, staleAt: row.stale_at, counts, now },
      { weeklyCap: policy?.nudge_weekly_cap ?? DEFAULT_WEEKLY_CAP, window: QUIET_HOURS_WINDOW },
      booked,
    );
    // A held nudge keeps the reasons it was moved for when it was first decided.
    const prior = row.state === 'planned' && row.reason ? row.reason.split(',') : [];
    const { state, sendAt, reason } = settle(emit, row, decision, mine, now, prior);
    updates.push({ id: row.id, state, sendAt, reason });
    const excluded = new Map(decision.excluded.map((e) => [e.personId, e.reason]));
    for (const t of to) {
      const why = excluded.get(t.person_id);
      const r = why || state === 'dropped'
        ? { personId: t.person_id, counts: t.counts, state: 'dropped' as const, reason: why ?? reason ?? 'dropped', sendAt: null }
        : { personId: t.person_id, counts: t.counts, state, reason, sendAt };
      recipientRows.push({ nudgeId: row.id, ...r });
      // Later nudges of this batch see this one under the cap, as they would in a later transaction.
      if (r.counts && r.state !== 'dropped' && r.sendAt) booked.set(r.personId, [...(booked.get(r.personId) ?? []), r.sendAt]);
    }
    outcomes.push({ key: row.key, state, sendAt, reason });
  }
  await storeDecisions(trx, updates, now);
  await replaceRecipients(trx, batch.map((b) => b.row.id), recipientRows, { fresh: opts.fresh });
  return outcomes;
}

function settle(emit: Emit, row: Nudge, decision: NudgeDecision, people: RecipientRow[], now: Date, prior: string[]) {
  const movedBy = [...new Set([...prior, ...decision.moved])].join(',');
  if (decision.outcome === 'drop') {
    return { state: 'dropped' as const, sendAt: null, reason: movedBy ? `${decision.reason} after ${movedBy}` : decision.reason };
  }
  const reason = movedBy || null;
  if (decision.at.getTime() > now.getTime()) return { state: 'planned' as const, sendAt: decision.at, reason };
  const slackIds = people.filter((p) => decision.recipients.includes(p.personId)).flatMap((p) => (p.slackUserId ? [p.slackUserId] : []));
  if (slackIds.length === 0) return { state: 'dropped' as const, sendAt: null, reason: 'no_slack_account' };
  emit(intentOf(row, slackIds, slackIds.length === people.length && decision.excluded.length === 0));
  return { state: 'sent' as const, sendAt: decision.at, reason };
}

function intentOf(row: Nudge, slackIds: string[], everyone: boolean): Intent {
  const message = { text: row.message.text, ...(row.message.blocks ? { blocks: row.message.blocks } : {}) };
  if (row.group_message && row.channel && everyone) return { key: row.key, kind: 'slack.message', payload: { channel: row.channel, ...message } };
  if (row.group_message && slackIds.length >= 2) return { key: row.key, kind: 'slack.group_message', payload: { users: slackIds, ...message } };
  return { key: row.key, kind: 'slack.message', payload: { channel: slackIds[0]!, ...message } };
}

function outcomeOf(row: Nudge): NudgeOutcome {
  return { key: row.key, state: row.state, sendAt: row.send_at, reason: row.reason };
}

/** Rewrites a held nudge, or edits the delivered message in place; a dropped one stays dropped. */
export async function updateNudge(trx: Tx, emit: Emit, key: string, message: NudgeMessage, tag: string): Promise<'rewritten' | 'updated' | 'dropped' | 'unknown'> {
  const row = await trx.selectFrom('nudge').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
  if (!row) return 'unknown';
  if (row.state === 'dropped') return 'dropped';
  if (row.state === 'planned') {
    await trx.updateTable('nudge').set({ message: JSON.stringify(message) as unknown as NudgeMessage }).where('id', '=', row.id).execute();
    return 'rewritten';
  }
  emit({ key: `${key}/${tag}`, kind: 'slack.update', payload: { messageKey: key, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) } });
  return 'updated';
}

/** Drops a nudge that has not reached Slack yet; true when it will not be delivered. */
export async function cancelNudge(trx: Tx, key: string, reason: string): Promise<boolean> {
  const row = await trx.selectFrom('nudge').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
  if (!row || row.state === 'dropped') return true;
  if (row.state === 'sent') {
    await cancelPending(trx, [key]);
    if ((await findOutboxByKey(trx, key))?.state !== 'cancelled') return false;
  }
  await trx.updateTable('nudge').set({ state: 'dropped', send_at: null, reason }).where('id', '=', row.id).execute();
  await trx.updateTable('nudge_recipient').set({ state: 'dropped', send_at: null, reason }).where('nudge_id', '=', row.id).where('state', '<>', 'dropped').execute();
  return true;
}

/**
 * Reconciler entry: held nudges whose time has come are decided again (someone may have paused,
 * left or changed zone since) and handed to the outbox, or moved on, or dropped.
 */
export async function releaseDueNudges(deps: { db: Db; clock: Clock; enqueue: Enqueue<Queues> }): Promise<number> {
  let released = 0;
  for (let batch = 0; batch < 50; batch++) {
    const n = await withOutbox(deps, async (trx, emit) => {
      const now = deps.clock.now();
      const due = await dueNudges(trx, now, 200);
      const recipients = await recipientIdsOfMany(trx, due.map((row) => row.id));
      await decideAndStoreMany(trx, emit, due.map((row) => ({ row, to: recipients.get(row.id) ?? [] })), now, { fresh: false });
      return due.length;
    });
    released += n;
    if (n < 200) break;
  }
  return released;
}
