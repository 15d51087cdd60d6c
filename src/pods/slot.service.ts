import { findSlot, insideEveryonesHours, type SlotMember, type SlotPlan, type SlotRequest, type WorkingWindow } from '../core/slots/index.ts';
import type { Programme } from '../programmes/programme.table.ts';
import type { PodSlot } from './pod.table.ts';

/** What slot finding needs from a wave: the programme's hours and preferences, and the rhythm. */
export interface SlotContext {
  programme: Pick<Programme, 'work_start_minute' | 'work_end_minute' | 'work_days' | 'preferred_days' | 'preferred_start_minute' | 'preferred_end_minute'>;
  settings: { cadenceWeeks: number; sessionCount: number; sessionMinutes: number };
  /** The Monday of the commitment's first week. */
  startWeek: string;
}

export function workingWindowOf(programme: SlotContext['programme']): WorkingWindow {
  return { startMinute: programme.work_start_minute, endMinute: programme.work_end_minute, days: programme.work_days };
}

export function slotRequestFor(ctx: SlotContext, members: readonly SlotMember[], notBefore?: Date): SlotRequest {
  const p = ctx.programme;
  return {
    members, hours: workingWindowOf(p), sessionMinutes: ctx.settings.sessionMinutes, cadenceWeeks: ctx.settings.cadenceWeeks,
    sessionCount: ctx.settings.sessionCount, firstWeek: ctx.startWeek,
    ...(notBefore ? { notBefore: notBefore.getTime() } : {}),
    preferred: {
      ...(p.preferred_days?.length ? { days: p.preferred_days } : {}),
      ...(p.preferred_start_minute !== null && p.preferred_start_minute !== undefined ? { startMinute: p.preferred_start_minute } : {}),
      ...(p.preferred_end_minute !== null && p.preferred_end_minute !== undefined ? { endMinute: p.preferred_end_minute } : {}),
    },
  };
}

/** A plan as the pod row stores it. */
export function podSlotOf(plan: SlotPlan, members: readonly SlotMember[], freeBusy: boolean): PodSlot {
  return {
    zone: plan.zone, weekday: plan.weekday, startMinute: plan.startMinute, sessionMinutes: plan.sessionMinutes, cadenceWeeks: plan.cadenceWeeks,
    occurrences: plan.occurrences.map((o) => ({
      index: o.index, start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString(),
      nominal: new Date(o.nominalStart).toISOString(), moved: o.moved, busy: o.busy,
    })),
    conflicts: plan.conflicts, exceptions: plan.exceptions, members: members.map((m) => m.id), unreadable: plan.unreadable, freeBusy,
  };
}

/** Finds the pod's slot; null when its members share no session-long window in some week. */
export function planPodSlot(ctx: SlotContext, members: readonly SlotMember[], options: { notBefore?: Date; freeBusy?: boolean } = {}): PodSlot | null {
  const plan = findSlot(slotRequestFor(ctx, members, options.notBefore));
  return plan ? podSlotOf(plan, members, options.freeBusy ?? members.some((m) => m.busy || m.unreadable)) : null;
}

/**
 * Whether a stored slot still serves these members: every occurrence inside everyone's hours and
 * none before `notBefore`. At confirmation the pod is a subset of the invited (a slot that fitted
 * everyone still fits) unless people were merged in from a short pod.
 */
export function slotStillFits(slot: PodSlot, ctx: SlotContext, members: readonly SlotMember[], notBefore: Date): boolean {
  const hours = workingWindowOf(ctx.programme);
  if (slot.occurrences.length !== ctx.settings.sessionCount) return false;
  return slot.occurrences.every((o) => {
    const start = Date.parse(o.start);
    return start >= notBefore.getTime() && insideEveryonesHours(members, hours, start, Date.parse(o.end));
  });
}

/**
 * The slot for a pod whose invitees changed (a backfill): the one people were already told when it
 * fits the newcomer too, else a new one. `changed` tells the caller to update the invites.
 */
export function slotForChangedPod(current: PodSlot | null, ctx: SlotContext, members: readonly SlotMember[], notBefore: Date): { slot: PodSlot | null; changed: boolean } {
  if (current && slotStillFits(current, ctx, members, notBefore)) return { slot: { ...current, members: members.map((m) => m.id) }, changed: false };
  const slot = planPodSlot(ctx, members, { notBefore });
  return { slot, changed: slot !== null };
}
