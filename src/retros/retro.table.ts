import type { Generated, Selectable } from 'kysely';

import type { CadenceNext, ContinueAnswer, FacilitationNext } from '../core/retro/decision.ts';

export type { CadenceNext, ContinueAnswer, FacilitationNext };

/** One member's retro answer for one pod round (a pod row is one round). */
export interface RetroResponseTable {
  pod_id: string;
  person_id: string;
  wants_to_continue: ContinueAnswer;
  /** How valuable the round was, 1–5. */
  rating: number | null;
  celebrate: string | null;
  change: string | null;
  facilitation_next: FacilitationNext | null;
  cadence_next: CadenceNext | null;
  /** Would they recommend a pod to a colleague. */
  recommend: boolean | null;
  /** Free text reaches leads only with this consent; HR never sees individual answers. */
  share_with_leads: Generated<boolean>;
  submitted_at: Generated<Date>;
  /** For someone who wanted to continue a pod that closed: the wave that offered them a place first. */
  offered_wave_id: string | null;
}

export type RetroResponse = Selectable<RetroResponseTable>;
