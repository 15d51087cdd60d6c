import { DateTime } from 'luxon';
import { facilitatorRotation, turnsSoFar } from '../core/rotation/facilitators.ts';
import type { SlotMember } from '../core/slots/index.ts';
import type { Executor } from '../db.ts';
import type { CalendarNote, Pod, PodSlot } from './pod.table.ts';
import { earlierFacilitators, insertSessions, sessionsOfPod } from './session.repository.ts';
import { planPodSlot, slotStillFits, type SlotContext } from './slot.service.ts';

export interface ScheduledPod {
  slot: PodSlot;
  notes: CalendarNote[];
  /** Facilitator per session index, in order. */
  facilitators: string[];
}

/** Members' zones as slot finding reads them, in seat order. */
export async function slotMembersOf(db: Executor, personIds: readonly string[]): Promise<SlotMember[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('person').select(['id', 'timezone']).where('id', 'in', personIds).execute();
  const zone = new Map(rows.map((r) => [r.id, r.timezone]));
  return personIds.map((id) => ({ id, zone: zone.get(id) ?? 'UTC' }));
}

/**
 * Gives a confirmed pod its sessions, whether or not a calendar is connected: the slot chosen at
 * preview (free/busy included) when it still fits the people who said yes, else a new one found
 * from their working hours; one row per occurrence with its facilitator (fair rotation across the
 * pod's rounds). The pod becomes 'scheduled'. Idempotent: existing session rows are kept.
 */
export async function scheduleSessions(trx: Executor, pod: Pod, ctx: SlotContext, memberIds: readonly string[], now: Date): Promise<ScheduledPod> {
  const members = await slotMembersOf(trx, memberIds);
  const notes: CalendarNote[] = [];
  let slot = pod.slot && slotStillFits(pod.slot, ctx, members, now)
    ? { ...pod.slot, members: [...memberIds], unreadable: pod.slot.unreadable.filter((id) => memberIds.includes(id)) }
    : planPodSlot(ctx, members, { notBefore: now });
  if (!slot) {
    slot = fallbackSlot(pod, ctx, members, now);
    notes.push({ kind: 'no-slot', detail: 'No weekly time fits everyone\'s working hours in every week; the matcher\'s common window is used.' });
  }
  if (slot.unreadable.length) {
    notes.push({ kind: 'unreadable', people: slot.unreadable, detail: 'Their calendars could not be read; the slot assumes they are free inside working hours.' });
  }
  if (slot.conflicts > 0) {
    const people = [...new Set(slot.occurrences.flatMap((o) => o.busy))];
    notes.push({ kind: 'conflicts', people, detail: `No time was free for everyone every week: this slot clashes with ${slot.conflicts} calendar entr${slot.conflicts === 1 ? 'y' : 'ies'}, the fewest possible.` });
  }
  if (slot.exceptions > 0) {
    notes.push({ kind: 'moved', detail: `${slot.exceptions} session${slot.exceptions === 1 ? ' is' : 's are'} at another time than the weekly rule so that they stay inside everyone's working hours across a clock change.` });
  }
  const history = turnsSoFar(await earlierFacilitators(trx, pod.id));
  const facilitators = facilitatorRotation({ members: memberIds, sessions: slot.occurrences.length, ...history });
  await insertSessions(trx, pod.id, slot.occurrences.map((o, i) => ({
    index: o.index, starts_at: new Date(o.start), ends_at: new Date(o.end), facilitator_id: facilitators[i] || null, moved: o.moved, conflicts: o.busy.length,
  })), now);
  const stored = await sessionsOfPod(trx, pod.id);
  await trx.updateTable('pod').set({
    slot: JSON.stringify(slot) as unknown as PodSlot, recurrence_zone: slot.zone, status: 'scheduled',
    calendar_notes: JSON.stringify(notes) as unknown as CalendarNote[],
  }).where('id', '=', pod.id).execute();
  return { slot, notes, facilitators: stored.map((s) => s.facilitator_id ?? '') };
}

/** The matcher's fixed UTC window (it guarantees one): used only if slot finding finds nothing. */
function fallbackSlot(pod: Pod, ctx: SlotContext, members: readonly SlotMember[], now: Date): PodSlot {
  const window = (pod.breakdown as { window?: { firstSessionUtc?: string } }).window;
  let first = window?.firstSessionUtc ? DateTime.fromISO(window.firstSessionUtc, { zone: 'utc' }) : DateTime.fromISO(`${ctx.startWeek}T12:00:00`, { zone: 'utc' });
  while (first.toMillis() < now.getTime()) first = first.plus({ weeks: ctx.settings.cadenceWeeks });
  const occurrences = Array.from({ length: ctx.settings.sessionCount }, (_, k) => {
    const start = first.plus({ weeks: k * ctx.settings.cadenceWeeks });
    const iso = start.toISO()!;
    return { index: k, start: iso, end: start.plus({ minutes: ctx.settings.sessionMinutes }).toISO()!, nominal: iso, moved: false, busy: [] };
  });
  return {
    zone: 'UTC', weekday: first.weekday, startMinute: first.hour * 60 + first.minute, sessionMinutes: ctx.settings.sessionMinutes,
    cadenceWeeks: ctx.settings.cadenceWeeks, occurrences, conflicts: 0, exceptions: 0, members: members.map((m) => m.id), unreadable: [], freeBusy: false,
  };
}

/**
 * Re-plans who hosts the sessions still ahead once people joined a pod mid-round (a lead's merge
 * or re-match): the same fair rotation, over the members seated now, counting the turns already
 * taken in this pod (earlier rounds, and this round's sessions so far). Newcomers have had no turn
 * here, so they host before anyone hosts a second time. A session whose facilitator was already
 * prompted (the rhythm's `prompt` nudge is booked) keeps its host while they are still in the pod:
 * they were told, and it counts.
 * Returns how many sessions changed host.
 */
export async function replanFacilitators(trx: Executor, podId: string, members: readonly string[], now: Date): Promise<number> {
  const sessions = (await sessionsOfPod(trx, podId)).filter((s) => s.status !== 'cancelled');
  const prompted = new Set((await trx.selectFrom('nudge').select('key').where('pod_id', '=', podId).where('kind', '=', 'prompt').execute())
    .map((n) => n.key.split('/')[1]));
  const seated = new Set(members);
  const open = (s: (typeof sessions)[number]) => s.status === 'scheduled' && s.starts_at.getTime() > now.getTime()
    && !(prompted.has(s.id) && s.facilitator_id && seated.has(s.facilitator_id));
  const ahead = sessions.filter(open);
  if (ahead.length === 0 || members.length === 0) return 0;
  const history = [...(await earlierFacilitators(trx, podId)), ...sessions.filter((s) => !open(s)).map((s) => s.facilitator_id)];
  const hosts = facilitatorRotation({ members, sessions: ahead.length, ...turnsSoFar(history) });
  let changed = 0;
  for (const [k, s] of ahead.entries()) {
    if (s.facilitator_id === hosts[k]) continue;
    await trx.updateTable('pod_session').set({ facilitator_id: hosts[k]!, updated_at: now }).where('id', '=', s.id).execute();
    changed++;
  }
  return changed;
}
