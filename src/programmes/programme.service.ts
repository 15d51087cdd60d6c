import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db.ts';
import type { MatchSettings } from '../core/matching/types.ts';
import { resolveMatchSettings } from '../core/matching/types.ts';
import type { WaveSettings } from '../waves/wave.table.ts';
import { findProgramme, findProgrammeByName, insertProgramme, updateProgramme } from './programme.repository.ts';
import { hhmmOf, minuteOf, programmeInputSchema, PROGRAMME_DEFAULTS, type ProgrammeInput } from './programme.settings.ts';
import type { Programme, ProgrammeTable } from './programme.table.ts';
import type { Insertable } from 'kysely';
import { guideLines, scaleGuide } from '../core/rhythm/guide.ts';

/**
 * The guide as the settings modal shows it: one numbered line per session of the programme
 * (scaled from what is stored, or the practice's default), unless that would not fit the field.
 */
export function guideForEditing(stored: string, sessionCount: number): string {
  const scaled = scaleGuide(guideLines(stored), sessionCount).map((line, i) => `${i + 1}: ${line}`).join('\n');
  return scaled.length <= 2900 ? scaled : guideLines(stored).map((line, i) => `${i + 1}: ${line}`).join('\n').slice(0, 2900);
}

/** Another programme already has this name (names are how leads tell programmes apart). */
export class ProgrammeNameTakenError extends Error {
  constructor(readonly programmeName: string) {
    super(`A programme called "${programmeName}" already exists: pick another name or edit that one.`);
    this.name = 'ProgrammeNameTakenError';
  }
}

function columnsOf(input: ProgrammeInput): Omit<Insertable<ProgrammeTable>, 'created_by'> {
  return {
    name: input.name,
    min_size: input.minSize,
    max_size: input.maxSize,
    pod_sizes: input.podSizes,
    cadence_weeks: input.cadenceWeeks,
    session_count: input.sessionCount,
    session_minutes: input.sessionMinutes,
    work_start_minute: minuteOf(input.workStart),
    work_end_minute: minuteOf(input.workEnd),
    work_days: input.workDays,
    facilitation_guide: input.facilitationGuide,
    nudge_weekly_cap: input.nudgeWeeklyCap ?? 3,
    retro_questions: JSON.stringify(input.retroQuestions) as unknown as string[],
  };
}

/** Creates (no id) or updates a programme from validated settings; audited as programme.edit. */
export async function saveProgramme(
  db: Db,
  input: Partial<ProgrammeInput> & { name: string },
  actor: { personId: string | null; slackUserId: string | null },
  now: Date,
  programmeId?: string,
): Promise<Programme> {
  const parsed = programmeInputSchema.parse({ ...PROGRAMME_DEFAULTS, ...input });
  return db.transaction().execute(async (trx) => {
    const clash = await findProgrammeByName(trx, parsed.name);
    if (clash && clash.id !== programmeId) throw new ProgrammeNameTakenError(parsed.name);
    const saved = programmeId
      ? await updateProgramme(trx, programmeId, columnsOf(parsed))
      : await insertProgramme(trx, { ...columnsOf(parsed), created_by: actor.personId, created_at: now });
    if (!saved) throw new Error(`programme ${programmeId} not found`);
    await recordAudit(trx, {
      actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'programme.edit', allowed: true,
      subject: { programmeId: saved.id, created: !programmeId }, detail: parsed.name,
    }, now);
    return saved;
  });
}

/** The modal's view of a stored programme. */
export function programmeInputOf(p: Programme): ProgrammeInput {
  return {
    name: p.name, minSize: p.min_size, maxSize: p.max_size, podSizes: p.pod_sizes, cadenceWeeks: p.cadence_weeks, sessionCount: p.session_count,
    sessionMinutes: p.session_minutes, workStart: hhmmOf(p.work_start_minute), workEnd: hhmmOf(p.work_end_minute),
    workDays: p.work_days, facilitationGuide: guideForEditing(p.facilitation_guide, p.session_count), retroQuestions: p.retro_questions,
    nudgeWeeklyCap: p.nudge_weekly_cap,
  };
}

/** Programme defaults with a wave's overrides applied: what the wave actually runs with. */
export function effectiveSettings(p: Programme, overrides: WaveSettings) {
  return {
    minSize: overrides.minSize ?? p.min_size,
    maxSize: overrides.maxSize ?? p.max_size,
    allowedSizes: overrides.allowedSizes ?? p.allowed_sizes,
    cadenceWeeks: overrides.cadenceWeeks ?? p.cadence_weeks,
    sessionCount: overrides.sessionCount ?? p.session_count,
    sessionMinutes: overrides.sessionMinutes ?? p.session_minutes,
  };
}

/** The matcher's settings for a wave of this programme starting in `startWeek` (a Monday). */
export function matchSettingsFor(
  p: Programme,
  overrides: WaveSettings,
  startWeek: string,
  seed: number,
  timeLimitMs = 2_000,
): MatchSettings {
  const s = effectiveSettings(p, overrides);
  return resolveMatchSettings({
    minSize: s.minSize,
    maxSize: s.maxSize,
    podSizes: overrides.podSizes ?? p.pod_sizes,
    allowSizes: s.allowedSizes,
    cadenceWeeks: s.cadenceWeeks,
    sessionCount: s.sessionCount,
    sessionMinutes: s.sessionMinutes,
    workingHours: { start: hhmmOf(p.work_start_minute), end: hhmmOf(p.work_end_minute), days: p.work_days },
    firstWeekStart: new Date(`${startWeek}T12:00:00Z`),
    weights: { ...resolveMatchSettings({ firstWeekStart: new Date(0) }).weights, ...p.weights },
    seed,
    timeLimitMs,
  });
}

export { findProgramme };
