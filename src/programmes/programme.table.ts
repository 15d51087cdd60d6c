import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Matching weights per programme; see src/core/matching for what each one rewards. */
export interface ProgrammeWeights {
  team?: number;
  department?: number;
  location?: number;
  novelty?: number;
  noveltyHalfLifeDays?: number;
}

export interface ProgrammeTable {
  id: Generated<string>;
  name: string;
  min_size: Generated<number>;
  max_size: Generated<number>;
  allowed_sizes: Generated<number[]>;
  cadence_weeks: Generated<number>;
  session_count: Generated<number>;
  session_minutes: Generated<number>;
  work_start_minute: Generated<number>;
  work_end_minute: Generated<number>;
  work_days: Generated<number[]>;
  facilitation_guide: Generated<string>;
  retro_questions: Generated<string[]>;
  weights: Generated<ProgrammeWeights>;
  /** Counted nudges per person per local week (the respect policy's cap). */
  nudge_weekly_cap: Generated<number>;
  /** 'larger': fewest pods (mostly the largest size); 'smaller': most pods. See MatchSettings.podSizes. */
  pod_sizes: Generated<'larger' | 'smaller'>;
  created_by: string | null;
  created_at: Generated<Date>;
  archived_at: Date | null;
}

export type Programme = Selectable<ProgrammeTable>;
export type NewProgramme = Insertable<ProgrammeTable>;
export type ProgrammeUpdate = Updateable<ProgrammeTable>;
