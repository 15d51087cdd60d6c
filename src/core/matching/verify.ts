import { DateTime } from 'luxon';
import type { MatchInput, MatchResult, MatchSettings } from './types.ts';

/**
 * An independent check of a match result against the raw input: it shares no code with the solver
 * (no bitsets): windows are re-checked by converting each week's session instant into every
 * member's local time with luxon. Returns human-readable violations; empty means all hard
 * constraints hold and everyone is accounted for exactly once.
 */
export function verifyMatch(input: MatchInput, settings: MatchSettings, result: Pick<MatchResult, 'pods' | 'unplaced'>): string[] {
  const problems: string[] = [];
  const byId = new Map(input.people.map((p) => [p.id, p]));
  const seen = new Map<string, number>();
  const note = (id: string): void => { seen.set(id, (seen.get(id) ?? 0) + 1); };
  for (const pod of result.pods) pod.members.forEach(note);
  for (const u of result.unplaced) {
    note(u.personId);
    if (!u.detail || !u.suggestion) problems.push(`${u.personId} is unplaced without a reason or suggestion`);
  }
  for (const [id, count] of seen) {
    if (!byId.has(id)) problems.push(`${id} is not in the input`);
    if (count > 1) problems.push(`${id} appears ${count} times`);
  }
  for (const p of input.people) if (!seen.has(p.id)) problems.push(`${p.id} was dropped silently`);

  const managerOf = (id: string): string | undefined => byId.get(id)?.managerId ?? input.managerOf?.[id];
  const forbidden = new Set<string>();
  const pair = (a: string, b: string): string => (a < b ? `${a}\n${b}` : `${b}\n${a}`);
  for (const p of input.people) {
    const m1 = managerOf(p.id);
    if (m1 === undefined) continue;
    forbidden.add(pair(p.id, m1));
    const m2 = managerOf(m1);
    if (m2 !== undefined) forbidden.add(pair(p.id, m2));
  }
  for (const x of input.exclusions ?? []) forbidden.add(pair(x.a, x.b));

  const { start, end, days } = settings.workingHours;
  for (const [k, pod] of result.pods.entries()) {
    const size = pod.members.length;
    if (!((size >= settings.minSize && size <= settings.maxSize) || settings.allowSizes.includes(size))) problems.push(`pod ${k} has ${size} members`);
    for (let x = 0; x < size; x++) {
      for (let y = x + 1; y < size; y++) {
        if (forbidden.has(pair(pod.members[x]!, pod.members[y]!))) problems.push(`pod ${k} pairs ${pod.members[x]} with ${pod.members[y]} (manager chain or excluded)`);
      }
    }
    const first = DateTime.fromISO(pod.window.firstSessionUtc, { zone: 'utc' });
    if (first.weekday * 1440 - 1440 + first.hour * 60 + first.minute !== pod.window.utcStartMinuteOfWeek) problems.push(`pod ${k}: firstSessionUtc disagrees with utcStartMinuteOfWeek`);
    for (let w = 0; w < settings.sessionCount; w++) {
      const at = first.plus({ weeks: w * settings.cadenceWeeks });
      for (const id of pod.members) {
        const zone = byId.get(id)?.timezone ?? 'utc';
        const s = at.setZone(zone);
        const e = s.plus({ minutes: settings.sessionMinutes });
        const ok = days.includes(s.weekday) && s.toFormat('HH:mm') >= start && e.hasSame(s, 'day') && e.toFormat('HH:mm') <= end;
        if (!ok) problems.push(`pod ${k}: session ${w + 1} (${at.toISO()}) is outside ${id}'s working hours in ${zone}`);
      }
    }
  }
  return problems;
}
