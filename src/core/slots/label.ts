import { DateTime } from 'luxon';
import type { SlotPlan } from './types.ts';

const DAY_NAMES = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

function local(ms: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.isValid ? dt.setLocale('en-GB') : DateTime.fromMillis(ms, { zone: 'utc' }).setLocale('en-GB');
}

function weekly(start: DateTime, end: DateTime): string {
  return `${DAY_NAMES[start.weekday - 1]} ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
}

/**
 * A pod's slot as one member reads it in their own zone, e.g. "Tuesdays 09:30–10:30, 6 sessions
 * from 12 Jan". When their local time changes during the commitment (their zone or the series'
 * changes clocks on a different date) each change is named: "…; Tuesdays 10:30–11:30 from 31 Mar".
 */
export function slotText(occurrences: readonly { start: number; end: number }[], zone: string): string {
  if (occurrences.length === 0) return 'no sessions left';
  const first = local(occurrences[0]!.start, zone);
  const parts: string[] = [];
  let previous = '';
  for (const o of occurrences) {
    const label = weekly(local(o.start, zone), local(o.end, zone));
    if (label === previous) continue;
    parts.push(parts.length === 0 ? label : `${label} from ${local(o.start, zone).toFormat('d LLL')}`);
    previous = label;
  }
  const count = occurrences.length;
  parts[0] = `${parts[0]}, ${count} session${count === 1 ? '' : 's'} from ${first.toFormat('d LLL')}`;
  return parts.join('; ');
}

/** The series' own rule in its zone, e.g. "Tuesdays 09:30 Europe/London" (what the calendar shows). */
export function ruleText(plan: Pick<SlotPlan, 'weekday' | 'startMinute' | 'zone' | 'sessionMinutes'>): string {
  const hh = String(Math.floor(plan.startMinute / 60)).padStart(2, '0');
  const mm = String(plan.startMinute % 60).padStart(2, '0');
  return `${DAY_NAMES[plan.weekday - 1]} ${hh}:${mm} ${plan.zone} (${plan.sessionMinutes} min)`;
}
