import type { Db, Tx } from '../db.ts';
import { CHECK_IN_PATIENCE_MS, checkInAt, nextFacilitator, promptAt, REMINDER_BEFORE_MS, reminderAt } from '../core/rhythm/timing.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { nudge, type NudgeOutcome } from '../nudges/nudge.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import { checkInMessage, promptMessage, reminderMessage } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { evaluateAttention } from './attention.service.ts';
import { hoursOf, sessionFacts } from './facts.ts';
import { sessionKeys } from './keys.ts';
import {
  existingNudgeKeys, openSessions, podMembers, sessionForUpdate, setCheckin, type LockedSession, type OpenSession, type PodMember,
} from './rhythm.repository.ts';

export interface RhythmDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
}

type Step = 'prompt' | 'reminder' | 'check-in' | 'follow-up' | 'unknown';
type Emit = (intent: Intent) => void;

const DAY = 86_400_000;
// A prompt goes out at most a week ahead; a check-in's follow-up and verdict come within days.
const AHEAD_MS = 8 * DAY;
const BEHIND_MS = 10 * DAY;
/** Session transactions in flight at once (the pool holds 10 connections). */
const PARALLEL = 6;

/** What is due for a session at `now`, from its times and its check-in state alone. */
export function dueStep(s: OpenSession, now: Date): Step | undefined {
  const t = now.getTime();
  if (t < s.starts_at.getTime()) {
    if (t >= reminderAt(s.starts_at).getTime()) return 'reminder';
    // A moved session's facilitator moved it themselves: no second prompt, just the reminder.
    if ((s.version ?? 0) > 0) return undefined;
    const hours = { startMinute: s.work_start_minute, endMinute: s.work_end_minute, days: s.work_days };
    return t >= promptAt(s.starts_at, s.facilitatorZone ?? 'UTC', hours).getTime() ? 'prompt' : undefined;
  }
  if (t < checkInAt(s.ends_at).getTime()) return undefined;
  if (!s.asked_at) return 'check-in';
  if (!s.followed_up_at) return t >= s.asked_at.getTime() + CHECK_IN_PATIENCE_MS ? 'follow-up' : undefined;
  return t >= s.followed_up_at.getTime() + CHECK_IN_PATIENCE_MS ? 'unknown' : undefined;
}

/**
 * Reconciler entry (every tick, after a Redis flush too): rebuilds every due prompt, reminder,
 * check-in, follow-up and "unknown" verdict from Postgres and the clock. Each step is keyed
 * (`session/<id>/prompt`, …) and re-checked under the session's row lock, so running it twice,
 * or in two workers at once, sends nothing twice.
 */
export async function tickRhythm(deps: RhythmDeps, podIds?: string[]): Promise<number> {
  const now = deps.clock.now();
  const candidates = (await openSessions(deps.db, now, AHEAD_MS, BEHIND_MS, podIds)).flatMap((s) => {
    const step = dueStep(s, now);
    return step ? [{ s, step }] : [];
  });
  // Prompts and reminders already in the ledger need no transaction: skip them cheaply.
  const keyOf = ({ s, step }: (typeof candidates)[number]) => {
    const keys = sessionKeys(s.id, s.version ?? 0);
    return step === 'prompt' ? keys.prompt : step === 'reminder' ? keys.reminder : undefined;
  };
  const seen = await existingNudgeKeys(deps.db, candidates.flatMap((c) => keyOf(c) ?? []));
  let done = 0;
  let flagged = false;
  const todo = candidates.filter((c) => { const key = keyOf(c); return !key || !seen.has(key); });
  // Sessions of different pods share no rows and no recipients: a few run side by side.
  for (let i = 0; i < todo.length; i += PARALLEL) {
    const results = await Promise.all(todo.slice(i, i + PARALLEL).map((c) => withOutbox(deps, (trx, emit) => runStep(trx, emit, c.s.id, c.step, now))));
    for (const result of results) {
      if (result === 'flagged') flagged = true;
      if (result) done++;
    }
  }
  if (flagged) await refreshLeadHomes(deps);
  return done;
}

async function runStep(trx: Tx, emit: Emit, sessionId: string, step: Step, now: Date): Promise<'done' | 'flagged' | undefined> {
  const s = await sessionForUpdate(trx, sessionId);
  if (!s || s.status !== 'scheduled' || s.checkin.outcome) return undefined;
  const members = await podMembers(trx, s.pod_id);
  if (members.length === 0) return undefined;
  const keys = sessionKeys(s.id, s.checkin.version);
  const common = { programmeId: s.programmeId, podId: s.pod_id };
  switch (step) {
    case 'prompt': {
      const host = await ensureActiveFacilitator(trx, s, members);
      if (!host) return undefined;
      const facts = sessionFacts(s, members, host.personId);
      await nudge(trx, emit, {
        key: keys.prompt, kind: 'prompt', to: [host.personId], message: asPayload(promptMessage(facts, host.zone)),
        plannedAt: promptAt(s.starts_at, host.zone, hoursOf(s)), staleAt: reminderAt(s.starts_at), ...common,
      }, now);
      return 'done';
    }
    case 'reminder': {
      const facts = sessionFacts(s, members, s.facilitator_id);
      await nudge(trx, emit, {
        key: keys.reminder, kind: 'reminder', to: members.map((m) => m.personId), group: members.length > 1, channel: s.podChannel,
        message: asPayload(reminderMessage(facts, members)), plannedAt: new Date(s.starts_at.getTime() - REMINDER_BEFORE_MS), staleAt: s.starts_at, ...common,
      }, now);
      return 'done';
    }
    case 'check-in':
    case 'follow-up': {
      const to = members.find((m) => m.personId === s.facilitator_id && m.active) ?? members.find((m) => m.active);
      let sent: NudgeOutcome | undefined;
      if (to) {
        sent = await nudge(trx, emit, {
          key: step === 'check-in' ? keys.checkIn : keys.followUp, kind: step === 'check-in' ? 'check_in' : 'check_in_followup', to: [to.personId],
          message: asPayload(checkInMessage(sessionFacts(s, members, s.facilitator_id), { followUp: step === 'follow-up' })), ...common,
        }, now);
      }
      // The two days of patience run from when the question actually reaches them.
      const askedAt = sent?.sendAt && sent.sendAt > now ? sent.sendAt : now;
      await setCheckin(trx, s.id, step === 'check-in' ? { asked_at: askedAt } : { followed_up_at: askedAt });
      return 'done';
    }
    case 'unknown': {
      await setCheckin(trx, s.id, { outcome: 'unknown' });
      return (await evaluateAttention(trx, emit, s, now)) ? 'flagged' : 'done';
    }
  }
}

/**
 * The session's facilitator, or, when they are paused or gone, the next active member in seat
 * order, who then holds the turn (nobody is prompted on behalf of someone who is away).
 */
async function ensureActiveFacilitator(trx: Tx, s: LockedSession, members: PodMember[]): Promise<PodMember | undefined> {
  const current = members.find((m) => m.personId === s.facilitator_id) ?? members[s.index % members.length]!;
  if (current.active) {
    if (current.personId !== s.facilitator_id) await trx.updateTable('pod_session').set({ facilitator_id: current.personId }).where('id', '=', s.id).execute();
    return current;
  }
  const next = nextFacilitator(members, current.personId);
  if (next) await trx.updateTable('pod_session').set({ facilitator_id: next.personId }).where('id', '=', s.id).execute();
  return next;
}
