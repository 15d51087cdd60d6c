import { practiceFor } from '../core/rhythm/guide.ts';
import type { SessionFacts, Who } from '../slack/blocks/rhythm.blocks.ts';
import type { LockedSession, PodMember } from './rhythm.repository.ts';

/** What a session's messages show, from the domain rows (the builders stay pure presenters). */
export function sessionFacts(s: LockedSession, members: PodMember[], facilitatorId: string | null): SessionFacts {
  const facilitator = members.find((m) => m.personId === facilitatorId);
  return {
    sessionId: s.id,
    podName: s.podName,
    programmeName: s.programmeName,
    index: s.index,
    count: Math.max(s.sessionCount, s.index + 1),
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    practice: practiceFor(s.facilitation_guide, Math.max(s.sessionCount, s.index + 1), s.index),
    meetUrl: s.meetUrl,
    facilitator: who(facilitator),
  };
}

export const who = (m?: Pick<PodMember, 'name' | 'slackUserId'>): Who => ({ name: m?.name ?? 'someone in the pod', slackUserId: m?.slackUserId ?? null });

export const hoursOf = (s: Pick<LockedSession, 'work_start_minute' | 'work_end_minute' | 'work_days'>) =>
  ({ startMinute: s.work_start_minute, endMinute: s.work_end_minute, days: s.work_days });
