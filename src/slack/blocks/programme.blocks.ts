import type { ModalView } from '@slack/types';
import type { ProgrammeInput } from '../../programmes/programme.settings.ts';
import { checkboxInput, modal, option, selectInput, textInput, timeInput } from './modal.ts';

export const PROGRAMME_CALLBACK = 'programme_settings';
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Field ids match ProgrammeInput keys, so zod errors map straight onto blocks. */
export function programmeModal(values: ProgrammeInput, programmeId?: string): ModalView {
  return modal({
    callbackId: PROGRAMME_CALLBACK, title: programmeId ? 'Programme settings' : 'New programme', submit: 'Save',
    ...(programmeId ? { privateMetadata: programmeId } : {}),
    blocks: [
      textInput('name', 'Name', { initial: values.name, placeholder: 'e.g. Peer pods 2026' }),
      textInput('minSize', 'Smallest pod', { initial: String(values.minSize) }),
      textInput('maxSize', 'Largest pod', { initial: String(values.maxSize) }),
      selectInput('podSizes', 'Pod sizes', [option('Fewer, larger pods (a pod of 5 survives a decline)', 'larger'),
        option('More, smaller pods (more time for each person)', 'smaller')], values.podSizes),
      selectInput('cadenceWeeks', 'Cadence', [1, 2, 3, 4].map((w) => option(w === 1 ? 'Weekly' : `Every ${w} weeks`, String(w))), String(values.cadenceWeeks)),
      textInput('sessionCount', 'Number of sessions', { initial: String(values.sessionCount) }),
      textInput('sessionMinutes', 'Session length (minutes)', { initial: String(values.sessionMinutes) }),
      timeInput('workStart', 'Working hours start (local)', values.workStart),
      timeInput('workEnd', 'Working hours end (local)', values.workEnd),
      checkboxInput('workDays', 'Working days', DAYS.map((d, i) => option(d, String(i + 1))), values.workDays.map(String)),
      textInput('facilitationGuide', 'Facilitation guide, one line per session', {
        initial: values.facilitationGuide, multiline: true, optional: true,
        hint: 'First opens, last is the retro, the rest spread between',
      }),
      textInput('nudgeWeeklyCap', 'Most nudges per person per week', { initial: String(values.nudgeWeeklyCap ?? 3), hint: 'Invites, prompts and reminders count; replies to clicks do not' }),
      textInput('retroQuestions', 'Retro questions (one per line)', { initial: values.retroQuestions.join('\n'), multiline: true, optional: true }),
    ],
  });
}
