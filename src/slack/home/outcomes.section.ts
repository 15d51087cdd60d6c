import type { KnownBlock } from '@slack/types';
import { nextWaveSuggestions, waveOutcomes } from '../../retros/outcomes.repository.ts';
import { waveFunnel } from '../../waves/wave.repository.ts';
import { header } from '../blocks/common.ts';
import { funnelLine } from '../blocks/funnel.ts';
import { nextWaveBlocks, outcomesFootnote, programmeTitleBlock, waveOutcomeBlocks } from '../blocks/outcomes.blocks.ts';
import type { HomeSection } from './sections.ts';

/** Programmes shown (those with the newest waves first). */
export const OUTCOME_PROGRAMMES = 3;
/** Waves shown in detail across those programmes, newest first. */
export const OUTCOME_WAVES = 5;

/**
 * Programme leads: how each programme's launched waves are going, grouped per programme and,
 * inside it, per wave (newest first): the funnel, sessions met/skipped, retro outcomes, quotes
 * shared with consent, pods needing attention, who has not answered an invite or a retro; then
 * that programme's suggestions for its next wave. Bounded whatever the data: a header, per
 * programme a title and a suggestions block, per wave at most 3 blocks, and a footnote, so at
 * most 2 + 3 × 2 + 5 × 3 = 23 of the home tab's 100 blocks.
 */
export const outcomesSection: HomeSection = {
  id: 'lead-outcomes',
  role: 'lead',
  permission: 'wave.view',
  async render(ctx) {
    const now = ctx.clock.now();
    const waves = await ctx.db.selectFrom('wave').innerJoin('programme', 'programme.id', 'wave.programme_id')
      .select(['wave.id', 'wave.name', 'wave.programme_id as programmeId', 'programme.name as programmeName'])
      .where('wave.status', 'in', ['inviting', 'forming', 'running', 'retro', 'done'])
      .orderBy('wave.created_at', 'desc').orderBy('wave.id').execute();
    if (waves.length === 0) return [];

    // Programmes in the order of their newest wave; each keeps its waves newest first.
    const programmes = new Map<string, { name: string; waves: typeof waves }>();
    for (const wave of waves) {
      const p = programmes.get(wave.programmeId) ?? { name: wave.programmeName, waves: [] };
      p.waves.push(wave);
      programmes.set(wave.programmeId, p);
    }
    const shown = [...programmes].slice(0, OUTCOME_PROGRAMMES);
    // The wave budget goes newest first across the shown programmes (each shows at least its newest).
    const budget = new Set(shown.map(([, p]) => p.waves[0]!.id));
    for (const wave of waves) {
      if (budget.size >= OUTCOME_WAVES) break;
      if (shown.some(([id]) => id === wave.programmeId)) budget.add(wave.id);
    }

    const blocks: KnownBlock[] = [header('How the pods are doing')];
    for (const [programmeId, p] of shown) {
      const detailed = p.waves.filter((w) => budget.has(w.id));
      blocks.push(programmeTitleBlock(p.name, p.waves.length, detailed.length));
      for (const wave of detailed) {
        const [outcomes, funnel] = await Promise.all([waveOutcomes(ctx.db, wave.id, now), waveFunnel(ctx.db, wave.id)]);
        blocks.push(...waveOutcomeBlocks(wave, outcomes, funnelLine(funnel)));
      }
      blocks.push(...nextWaveBlocks(await nextWaveSuggestions(ctx.db, programmeId)));
    }
    blocks.push(outcomesFootnote(waves.length - budget.size, programmes.size - shown.length));
    return blocks;
  },
};
