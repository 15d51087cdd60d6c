import { z } from 'zod';
import { RETRO_TEXT_MAX } from '../slack/blocks/retro.blocks.ts';

/**
 * What a retro form submission must contain. Keys are the modal's field ids, so a failure maps
 * straight to an inline error under the field (Slack's response_action "errors").
 */
const text = z.string().trim().max(RETRO_TEXT_MAX, `Please keep this under ${RETRO_TEXT_MAX} characters.`).optional()
  .transform((v) => (v ? v : null));

export const retroAnswerSchema = z.object({
  continue: z.enum(['continue', 'close', 'unsure'], { error: 'Choose whether you want another round.' }),
  rating: z.coerce.number({ error: 'Choose how valuable the round was, 1 to 5.' }).int().min(1, 'Choose 1 to 5.').max(5, 'Choose 1 to 5.'),
  celebrate: text,
  change: text,
  cadence_next: z.enum(['same', 'weekly', 'fortnightly'], { error: 'Choose a rhythm from the list.' }).optional().default('same'),
  facilitation_next: z.enum(['rotate', 'volunteer', 'pass'], { error: 'Choose an option from the list.' }).optional().default('rotate'),
  recommend: z.enum(['yes', 'no'], { error: 'Choose yes or no.' }),
  share: z.array(z.literal('share')).optional().default([]),
});

export type RetroAnswerInput = z.input<typeof retroAnswerSchema>;

export interface RetroAnswer {
  wantsToContinue: 'continue' | 'close' | 'unsure';
  rating: number;
  celebrate: string | null;
  change: string | null;
  cadenceNext: 'same' | 'weekly' | 'fortnightly';
  facilitationNext: 'rotate' | 'volunteer' | 'pass';
  recommend: boolean;
  /** Consent to show the free text to programme leads: off unless ticked. */
  share: boolean;
}

/** Thrown with one message per field; nothing is stored. */
export class RetroInputError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
    this.name = 'RetroInputError';
  }
}

/** Parses a submission (as readState gives it) or throws RetroInputError with the fields at fault. */
export function parseRetroAnswer(input: Record<string, unknown>): RetroAnswer {
  const parsed = retroAnswerSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'continue');
      fields[key] ??= issue.message;
    }
    throw new RetroInputError(fields);
  }
  const v = parsed.data;
  return {
    wantsToContinue: v.continue, rating: v.rating, celebrate: v.celebrate, change: v.change, cadenceNext: v.cadence_next,
    facilitationNext: v.facilitation_next, recommend: v.recommend === 'yes', share: v.share.includes('share'),
  };
}
