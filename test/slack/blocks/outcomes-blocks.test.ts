import { describe, expect, it } from 'vitest';
import type { WaveOutcomes } from '../../../src/retros/outcomes.repository.ts';
import { nextWaveBlocks, peopleList, waveOutcomeBlocks } from '../../../src/slack/blocks/outcomes.blocks.ts';

const base: WaveOutcomes = {
  waveId: 'w', pods: { live: 0, inRetro: 0, continued: 1, closed: 2, short: 0 }, sessions: { held: 10, skipped: 2, unrecorded: 1, upcoming: 0 },
  retro: { asked: 14, answered: 4, wantContinue: 3, ratings: [0, 1, 1, 1, 1], recommendYes: 3, recommendAnswered: 4 },
  quotes: [], attention: [], silentInvites: [], silentRetros: [],
};

describe('lead outcome blocks', () => {
  it('does not break value or recommendation down under 5 answers', () => {
    const text = JSON.stringify(waveOutcomeBlocks({ name: 'W', programmeName: 'P' }, base));
    expect(text).toContain('4 of 14 answered');
    expect(text).toContain('shown from 5 answers');
    expect(text).not.toContain('★');
    const more = JSON.stringify(waveOutcomeBlocks({ name: 'W', programmeName: 'P' }, { ...base, retro: { ...base.retro, answered: 5, ratings: [1, 1, 1, 1, 1], recommendAnswered: 5 } }));
    expect(more).toContain('1★ 1');
    expect(more).toContain('would recommend *60%*');
  });

  it('stays inside Slack limits with thousands of silent people and long quotes, and says how many it leaves out', () => {
    const people = Array.from({ length: 3000 }, (_, i) => ({ name: `Person ${i}`, slackUserId: `U${String(i).padStart(9, '0')}`, podName: `Pod ${i}` }));
    const quotes = Array.from({ length: 40 }, (_, i) => ({ podName: `Pod ${i}`, celebrate: 'x'.repeat(3000), change: 'y'.repeat(3000) }));
    const blocks = waveOutcomeBlocks({ name: 'W', programmeName: 'P' }, { ...base, quotes, silentInvites: people, silentRetros: people, attention: people.slice(0, 20).map((p) => ({ podName: p.podName, what: 'skipped twice' })) });
    expect(blocks.length).toBeLessThanOrEqual(3);
    for (const b of blocks) expect(((b as { text?: { text: string } }).text?.text ?? '').length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks)).toContain('and 36 more shared answers');
    expect(JSON.stringify(blocks)).toContain('and 12 more pods');
    expect(peopleList(people)).toContain('and 2985 more');
    expect(JSON.stringify(nextWaveBlocks({ teamsNotReached: Array.from({ length: 300 }, (_, i) => `Team ${i}`), askedToContinue: people }))).toContain('and 280 more');
  });
});
