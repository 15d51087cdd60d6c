import {
  localWeekStart, nextInsideWindow, nextLocalWeekStart, outsideBecause, QUIET_HOURS_WINDOW, type NudgeWindow,
} from './window.ts';

/**
 * Every kind of nudge the product sends. Invites, prompts, reminders and notes about a pod the
 * person belongs to (a member left) count toward the weekly cap; a reply to the person's own click
 * does not, and neither do the leads' digests (the lead asked for those by taking the role).
 * The pod's intro and a member's outcome of the invite deadline (moved, new pod, unplaced) answer
 * their own Accept: uncounted, so a week of invite reminders never pushes the pod's first word
 * past its first session, but still only inside everyone's hours.
 */
export const NUDGE_KINDS = [
  'invite', 'invite_reminder', 'prompt', 'reminder', 'check_in', 'check_in_followup', 'turn_handover', 'attention',
  'retro', 'retro_reminder', 'lead_nudge', 'digest', 'reply', 'pod_intro', 'pod_outcome', 'member_left',
] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

const UNCOUNTED: ReadonlySet<NudgeKind> = new Set(['digest', 'reply', 'pod_intro', 'pod_outcome']);
export const countsByDefault = (kind: NudgeKind): boolean => !UNCOUNTED.has(kind);

export interface PolicyRecipient {
  personId: string;
  zone: string;
  status: 'active' | 'paused' | 'left';
  /** Their working days (ISO weekdays); the rest is their weekend. Default Monday–Friday. */
  days?: readonly number[];
}

export interface PolicyRequest {
  kind: NudgeKind;
  /** When the sender would like it to arrive. */
  plannedAt: Date;
  /** From this instant on the nudge is pointless (a reminder after the session began). */
  staleAt: Date | null;
  counts: boolean;
  now: Date;
}

export interface PolicySettings {
  /** Counted nudges per person per local week (programme setting, default 3). */
  weeklyCap: number;
  window?: NudgeWindow;
}

export const DEFAULT_WEEKLY_CAP = 3;

export type MoveReason = 'quiet_hours' | 'weekend' | 'weekly_cap';
export type ExclusionReason = 'paused' | 'left';
export type DropReason = 'paused' | 'left' | 'stale' | 'no_window';

export interface Exclusion {
  personId: string;
  reason: ExclusionReason;
}

export type NudgeDecision =
  | { outcome: 'send'; at: Date; recipients: string[]; excluded: Exclusion[]; moved: MoveReason[] }
  | { outcome: 'drop'; reason: DropReason; excluded: Exclusion[]; moved: MoveReason[] };

/** Counted nudges already planned or sent, per person id: the instants they arrive(d). */
export type Booked = ReadonlyMap<string, readonly Date[]>;

function countInWeek(booked: readonly Date[] | undefined, at: Date, zone: string): number {
  if (!booked?.length) return 0;
  const from = localWeekStart(at, zone).getTime();
  const to = nextLocalWeekStart(at, zone).getTime();
  return booked.filter((d) => d.getTime() >= from && d.getTime() < to).length;
}

/**
 * The respect policy: decides when (and to whom) a nudge may go. Paused and departed people are
 * left out; the rest must all be inside their own window (08:00–19:00 on their working days,
 * each in their own zone) and, for counted kinds, under the weekly cap in their own local week.
 * A nudge that breaks a rule moves to the next instant that satisfies every recipient, and is
 * dropped when that instant is at or past `staleAt`. Replies to a person's own click go at once.
 */
export function decideNudge(
  recipients: readonly PolicyRecipient[],
  request: PolicyRequest,
  settings: PolicySettings,
  booked: Booked,
): NudgeDecision {
  const window = settings.window ?? QUIET_HOURS_WINDOW;
  const excluded: Exclusion[] = recipients.filter((r) => r.status !== 'active').map((r) => ({ personId: r.personId, reason: r.status as ExclusionReason }));
  const active = recipients.filter((r) => r.status === 'active');
  const moved: MoveReason[] = [];
  const start = new Date(Math.max(request.plannedAt.getTime(), request.now.getTime()));
  if (active.length === 0) return { outcome: 'drop', reason: excluded[0]?.reason ?? 'left', excluded, moved };
  if (request.kind === 'reply') return { outcome: 'send', at: start, recipients: active.map((r) => r.personId), excluded, moved };
  const stale = (t: Date) => request.staleAt !== null && t.getTime() >= request.staleAt.getTime();
  const note = (reason: MoveReason) => { if (!moved.includes(reason)) moved.push(reason); };

  let at = start;
  // Each pass either accepts `at` or moves it strictly later; weeks of moves end in a stale drop
  // or, without a stale time, after a bounded search (people whose windows never overlap).
  for (let pass = 0; pass < 200; pass++) {
    if (stale(at)) return { outcome: 'drop', reason: 'stale', excluded, moved };
    let next: Date | undefined;
    for (const r of active) {
      const w = r.days ? { ...window, days: r.days } : window;
      const why = outsideBecause(at, r.zone, w);
      if (why) {
        next = nextInsideWindow(at, r.zone, w);
        if (!next) return { outcome: 'drop', reason: 'no_window', excluded, moved };
        note(why);
        break;
      }
      if (request.counts && countInWeek(booked.get(r.personId), at, r.zone) >= settings.weeklyCap) {
        next = nextLocalWeekStart(at, r.zone);
        note('weekly_cap');
        break;
      }
    }
    if (!next) return { outcome: 'send', at, recipients: active.map((r) => r.personId), excluded, moved };
    at = next;
  }
  return { outcome: 'drop', reason: 'no_window', excluded, moved };
}

