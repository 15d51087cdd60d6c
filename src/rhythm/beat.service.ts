import type { Db, Tx } from '../db.ts';
import { CHECK_IN_PATIENCE_MS, checkInAt, nextFacilitator, promptAt, REMINDER_BEFORE_MS, reminderAt } from '../core/rhythm/timing.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { nudgeMany, type NudgeRequest } from '../nudges/nudge.service.ts';
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
  existingNudgeKeys, markAsked, openSessions, podMembersOf, sessionsForUpdate, setCheckin, type LockedSession, type OpenSession, type PodMember,
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
/** Sessions per transaction: their nudges, ledger rows and outbox rows are written in a few multi-row statements. */
const BATCH = 100;

// Every tick checks every open session; pods share a few start times and zones, so the prompt
// instants (a zone computation each) are remembered rather than recomputed (bounded).
const promptMemo = new Map<string, number>();
function promptInstant(s: OpenSession): number {
  const zone = s.facilitatorZone ?? 'UTC';
  const memoKey = `${s.starts_at.getTime()}|${zone}|${s.work_start_minute}|${s.work_end_minute}|${s.work_days.join(',')}`;
  let at = promptMemo.get(memoKey);
  if (at === undefined) {
    if (promptMemo.size >= 10_000) promptMemo.clear();
    at = promptAt(s.starts_at, zone, { startMinute: s.work_start_minute, endMinute: s.work_end_minute, days: s.work_days }).getTime();
    promptMemo.set(memoKey, at);
  }
  return at;
}

/** What is due for a session at `now`, from its times and its check-in state alone. */
export function dueStep(s: OpenSession, now: Date): Step | undefined {
  const t = now.getTime();
  if (t < s.starts_at.getTime()) {
    if (t >= reminderAt(s.starts_at).getTime()) return 'reminder';
    // A moved session's facilitator moved it themselves: no second prompt, just the reminder.
    if ((s.version ?? 0) > 0) return undefined;
    return t >= promptInstant(s) ? 'prompt' : undefined;
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
  // A batch of sessions per transaction: a fixed number of round trips for the whole batch, not
  // fifteen per session. Batches run one after another (their recipients may overlap).
  for (let i = 0; i < todo.length; i += BATCH) {
    const result = await withOutbox(deps, (trx, emit) => runSteps(trx, emit, todo.slice(i, i + BATCH), now));
    done += result.done;
    flagged ||= result.flagged;
  }
  if (flagged) await refreshLeadHomes(deps);
  return done;
}

/** The sessions' due steps, under their row locks, re-checked against what is locked. */
async function runSteps(trx: Tx, emit: Emit, items: { s: OpenSession; step: Step }[], now: Date): Promise<{ done: number; flagged: boolean }> {
  const locked = await sessionsForUpdate(trx, items.map((i) => i.s.id));
  const members = await podMembersOf(trx, [...locked.values()].map((s) => s.pod_id));
  const requests: NudgeRequest[] = [];
  const asks: { s: LockedSession; step: 'check-in' | 'follow-up'; key?: string }[] = [];
  let done = 0;
  let flagged = false;
  for (const { s: open, step } of items) {
    const s = locked.get(open.id);
    if (!s || s.status !== 'scheduled' || s.checkin.outcome) continue;
    // Moved or answered since the scan: the next tick sees the new state.
    if ((s.checkin.version ?? 0) !== (open.version ?? 0)) continue;
    if ((step === 'check-in' && s.checkin.asked_at) || (step === 'follow-up' && s.checkin.followed_up_at)) continue;
    const pod = members.get(s.pod_id) ?? [];
    if (pod.length === 0) continue;
    const keys = sessionKeys(s.id, s.checkin.version);
    const common = { programmeId: s.programmeId, podId: s.pod_id };
    switch (step) {
      case 'prompt': {
        const host = await ensureActiveFacilitator(trx, s, pod);
        if (!host) continue;
        requests.push({
          key: keys.prompt, kind: 'prompt', to: [host.personId], message: asPayload(promptMessage(sessionFacts(s, pod, host.personId), host.zone)),
          plannedAt: promptAt(s.starts_at, host.zone, hoursOf(s)), staleAt: reminderAt(s.starts_at), ...common,
        });
        break;
      }
      case 'reminder':
        requests.push({
          key: keys.reminder, kind: 'reminder', to: pod.map((m) => m.personId), group: pod.length > 1, channel: s.podChannel,
          message: asPayload(reminderMessage(sessionFacts(s, pod, s.facilitator_id), pod, s.pod_id)), plannedAt: new Date(s.starts_at.getTime() - REMINDER_BEFORE_MS),
          staleAt: s.starts_at, ...common,
        });
        break;
      case 'check-in':
      case 'follow-up': {
        const to = pod.find((m) => m.personId === s.facilitator_id && m.active) ?? pod.find((m) => m.active);
        const key = step === 'check-in' ? keys.checkIn : keys.followUp;
        if (to) {
          requests.push({
            key, kind: step === 'check-in' ? 'check_in' : 'check_in_followup', to: [to.personId],
            message: asPayload(checkInMessage(sessionFacts(s, pod, s.facilitator_id), { followUp: step === 'follow-up' }, to.zone)), ...common,
          });
        }
        asks.push({ s, step, ...(to ? { key } : {}) });
        break;
      }
      case 'unknown':
        await setCheckin(trx, s.id, { outcome: 'unknown' });
        if (await evaluateAttention(trx, emit, s, now)) flagged = true;
        done++;
        continue;
    }
    if (step !== 'check-in' && step !== 'follow-up') done++;
  }
  const outcomes = new Map((await nudgeMany(trx, emit, requests, now)).map((o) => [o.key, o]));
  // The two days of patience run from when the question actually reaches them.
  const askedAt = (key?: string) => { const sendAt = key ? outcomes.get(key)?.sendAt : undefined; return sendAt && sendAt > now ? sendAt : now; };
  await markAsked(trx, 'asked_at', asks.filter((a) => a.step === 'check-in').map((a) => ({ sessionId: a.s.id, at: askedAt(a.key) })));
  await markAsked(trx, 'followed_up_at', asks.filter((a) => a.step === 'follow-up').map((a) => ({ sessionId: a.s.id, at: askedAt(a.key) })));
  return { done: done + asks.length, flagged };
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
