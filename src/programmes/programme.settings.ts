import { z } from 'zod';
import { DEFAULT_GUIDE_TEXT } from '../core/rhythm/guide.ts';

/**
 * What a lead edits in the "Programme settings" modal, validated once here for the modal, the
 * service and the demo. Defaults follow the practice (DESIGN.md §1): pods of 4–5, weekly, six
 * sessions of 60 minutes, 09:00–17:00 Monday to Friday.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 09:00');

export const programmeInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the programme a name').max(80, 'Keep the name under 80 characters'),
    minSize: z.coerce.number().int('Whole people only').min(2, 'At least 2 people').max(8, 'At most 8 people'),
    maxSize: z.coerce.number().int('Whole people only').min(2, 'At least 2 people').max(8, 'At most 8 people'),
    /** Fewer, larger pods or more, smaller ones: the programme decides, not the objective (see MatchSettings.podSizes). */
    podSizes: z.enum(['larger', 'smaller']).default('larger'),
    cadenceWeeks: z.coerce.number().int().min(1, 'Every 1 to 4 weeks').max(4, 'Every 1 to 4 weeks'),
    sessionCount: z.coerce.number().int('Whole sessions only').min(1, 'At least one session').max(52, 'At most 52 sessions'),
    sessionMinutes: z.coerce.number().int('Whole minutes only').min(15, 'At least 15 minutes').max(240, 'At most 240 minutes'),
    workStart: hhmm,
    workEnd: hhmm,
    workDays: z.array(z.coerce.number().int().min(1).max(7)).min(1, 'Pick at least one working day'),
    facilitationGuide: z.string().max(2900, 'Keep the guide under 2,900 characters').default(''),
    // Optional in the type (settings built before the cap existed stay valid); 3 when absent.
    nudgeWeeklyCap: z.coerce.number().int('Whole messages only').min(1, 'At least 1 a week').max(14, 'At most 14 a week').optional(),
    retroQuestions: z.array(z.string().trim().min(1).max(200)).max(10, 'At most 10 questions').default([]),
  })
  .superRefine((v, ctx) => {
    if (v.minSize > v.maxSize) ctx.addIssue({ code: 'custom', path: ['maxSize'], message: 'The largest pod must be at least the smallest' });
    const span = minuteOf(v.workEnd) - minuteOf(v.workStart);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['workEnd'], message: 'Working hours must end after they start' });
    else if (span < v.sessionMinutes) ctx.addIssue({ code: 'custom', path: ['sessionMinutes'], message: `A session must fit in the working hours (${span} minutes)` });
  });

export type ProgrammeInput = z.output<typeof programmeInputSchema>;

/** The practice's six-session guide, one line per session (src/core/rhythm/guide.ts scales it). */
export const DEFAULT_FACILITATION_GUIDE = DEFAULT_GUIDE_TEXT;

export const DEFAULT_RETRO_QUESTIONS = [
  'What worked for you in this pod?',
  'What would you like to celebrate?',
  'What would you change next time?',
];

export const PROGRAMME_DEFAULTS: Omit<ProgrammeInput, 'name'> = {
  minSize: 4,
  maxSize: 5,
  podSizes: 'larger',
  cadenceWeeks: 1,
  sessionCount: 6,
  sessionMinutes: 60,
  workStart: '09:00',
  workEnd: '17:00',
  workDays: [1, 2, 3, 4, 5],
  facilitationGuide: DEFAULT_FACILITATION_GUIDE,
  nudgeWeeklyCap: 3,
  retroQuestions: DEFAULT_RETRO_QUESTIONS,
};

export function minuteOf(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function hhmmOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Field errors keyed by the input's name, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'name');
    out[key] ??= issue.message;
  }
  return out;
}
