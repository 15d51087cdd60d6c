import type { KnownBlock } from '@slack/types';
import { nextWaveSuggestions, waveOutcomes } from '../../retros/outcomes.repository.ts';
import { header } from '../blocks/common.ts';
import { nextWaveBlocks, outcomesFootnote, waveOutcomeBlocks } from '../blocks/outcomes.blocks.ts';
import type { HomeSection } from './sections.ts';

/**
 * Waves shown in detail. Each takes at most 3 blocks, so with the header, suggestions and
 * footnote this section stays under 20 of the home tab's 100 blocks whatever the data.
 */
export const OUTCOME_WAVES = 5;

/**
 * Programme leads: how their launched waves are going once pods meet, per wave (newest first):
 * sessions met/skipped, retro outcomes, quotes shared with consent, pods needing attention, who has
 * not answered an invite or a retro; then suggestions for the next wave.
 */
export const outcomesSection: HomeSection = {
  id: 'lead-outcomes',
  role: 'lead',
  permission: 'wave.view',
  async render(ctx) {
    const now = ctx.clock.now();
    const waves = await ctx.db.selectFrom('wave').innerJoin('programme', 'programme.id', 'wave.programme_id')
      .select(['wave.id', 'wave.name', 'programme.name as programmeName'])
      .where('wave.status', 'in', ['inviting', 'forming', 'running', 'retro', 'done'])
      .orderBy('wave.created_at', 'desc').execute();
    if (waves.length === 0) return [];
    const blocks: KnownBlock[] = [header('How the pods are doing')];
    for (const wave of waves.slice(0, OUTCOME_WAVES)) blocks.push(...waveOutcomeBlocks(wave, await waveOutcomes(ctx.db, wave.id, now)));
    blocks.push(...nextWaveBlocks(await nextWaveSuggestions(ctx.db)), outcomesFootnote(waves.length - OUTCOME_WAVES));
    return blocks;
  },
};
