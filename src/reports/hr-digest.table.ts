import type { Generated } from 'kysely';

/** A weekly HR digest: claimed before its upload, sent after (see hr-digest.service.ts). */
export interface HrDigestTable {
  week: string;
  channel_id: string;
  state: Generated<'claimed' | 'sent'>;
  attempts: Generated<number>;
  file_id: string | null;
  claimed_at: Date;
  sent_at: Date | null;
}
