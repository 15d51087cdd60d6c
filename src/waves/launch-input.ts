import { DateTime } from 'luxon';
import { z } from 'zod';
import type { TeamRule } from '../core/rollout/team-rule.ts';

/**
 * What the launch modal collects. Dates are the lead's picks ('YYYY-MM-DD'); the invite deadline
 * closes at 17:00 UTC that day, before the start week, so pods are confirmed before they meet.
 */
const optionalInt = (min: number, max: number, what: string) =>
  z.preprocess((v) => (v === '' || v === null || v === undefined ? undefined : v),
    z.coerce.number({ message: `${what} must be a number` }).int(`${what} must be a whole number`).min(min, `${what}: at least ${min}`).max(max, `${what}: at most ${max}`).optional());

export const launchInputSchema = z
  .object({
    programmeId: z.string().uuid('Pick a programme'),
    teamIds: z.array(z.string().uuid()).min(1, 'Pick at least one team'),
    startWeek: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick the first week'),
    inviteDeadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick the invite deadline'),
    minSize: optionalInt(2, 8, 'Smallest pod'),
    maxSize: optionalInt(2, 8, 'Largest pod'),
    sessionCount: optionalInt(1, 52, 'Sessions'),
    sessionMinutes: optionalInt(15, 240, 'Session length'),
  });

export type LaunchInput = z.output<typeof launchInputSchema>;

export const DEADLINE_HOUR_UTC = 17;

export function deadlineInstant(date: string): Date {
  return new Date(`${date}T${String(DEADLINE_HOUR_UTC).padStart(2, '0')}:00:00Z`);
}

/** Checks that need the clock; returns errors keyed by input name (empty when fine). */
export function launchDateErrors(input: Pick<LaunchInput, 'startWeek' | 'inviteDeadline'>, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  const start = DateTime.fromISO(input.startWeek, { zone: 'utc' });
  if (!start.isValid) errors.startWeek = 'Pick a valid date';
  else if (start.weekday !== 1) errors.startWeek = 'Pods start on a Monday: pick a Monday';
  else if (start.toMillis() <= now.getTime()) errors.startWeek = 'Pick a week in the future';
  const deadline = deadlineInstant(input.inviteDeadline);
  if (Number.isNaN(deadline.getTime())) errors.inviteDeadline = 'Pick a valid date';
  else if (deadline.getTime() <= now.getTime()) errors.inviteDeadline = 'The deadline has passed: pick a later day';
  else if (start.isValid && deadline.getTime() >= start.toMillis()) errors.inviteDeadline = 'Close invites before the start week';
  return errors;
}

/** A stable seed from what the lead chose: the same choices preview the same pods. */
export function seedOf(input: Pick<LaunchInput, 'programmeId' | 'teamIds' | 'startWeek'>): number {
  const text = `${input.programmeId}|${[...input.teamIds].sort().join(',')}|${input.startWeek}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 1) % 2_000_000_000 + 1;
}

/**
 * The team rule the lead chose, with the inputs it needs; errors are keyed like LaunchInput's
 * fields so they show under the right input. 'picked' keeps the raw ids (unknown ones are
 * reported by the caller, which knows the teams).
 */
export function teamRuleOf(state: { teamRule?: unknown; teamIds?: unknown; departments?: unknown; teamCount?: unknown }): { rule: TeamRule } | { errors: Record<string, string> } {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  switch (state.teamRule ?? 'picked') {
    case 'picked': {
      const teamIds = list(state.teamIds);
      return teamIds.length ? { rule: { kind: 'picked', teamIds } } : { errors: { teamIds: 'Pick at least one team, or choose a rule above' } };
    }
    case 'not_reached':
      return { rule: { kind: 'not_reached' } };
    case 'departments': {
      const departments = list(state.departments);
      return departments.length ? { rule: { kind: 'departments', departments } } : { errors: { departments: 'Pick at least one department' } };
    }
    case 'largest': {
      const count = z.coerce.number().int().min(1).max(10_000).safeParse(state.teamCount === '' ? undefined : state.teamCount);
      return count.success ? { rule: { kind: 'largest', count: count.data } } : { errors: { teamCount: 'How many teams: a whole number from 1' } };
    }
    default:
      return { errors: { teamRule: 'Choose which teams to cover' } };
  }
}
