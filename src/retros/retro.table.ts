import type { Generated } from 'kysely';

export interface RetroResponseTable {
  pod_id: string;
  person_id: string;
  wants_to_continue: 'continue' | 'close' | 'unsure';
  rating: number | null;
  celebrate: string | null;
  change: string | null;
  facilitation_next: string | null;
  /** Free text reaches leads only with this consent; HR never sees individual answers. */
  share_with_leads: Generated<boolean>;
  submitted_at: Generated<Date>;
}
