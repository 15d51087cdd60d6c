import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PREVIEW_PODS_PER_PAGE, previewView } from '../../../src/slack/blocks/launch.blocks.ts';
import { PODS_PER_PAGE, waveDetailView } from '../../../src/slack/blocks/wave-detail.blocks.ts';
import type { WavePreview } from '../../../src/waves/preview.service.ts';
import type { WaveDetail } from '../../../src/waves/wave-detail.repository.ts';

// "Nothing is dropped without being said": paging through the preview or the wave modal shows
// every pod exactly once, each page says which pods of how many it shows, and a list cut for
// space says how many it left out and where they are. (Pods here can still fill, so none is also
// listed among the short pods.)
const podNames = (n: number) => Array.from({ length: n }, (_, i) => `Pod-${String(i).padStart(4, '0')}`);
const seen = (view: unknown) => JSON.stringify(view).match(/Pod-\d{4}/g) ?? [];

describe('nothing is dropped without being said', () => {
  it('the preview pages through every pod once, for up to 400 pods', () => {
    fc.assert(fc.property(fc.nat(400), fc.nat(300), (count, unplaced) => {
      const names = podNames(count);
      const preview = {
        waveId: 'w', waveName: 'Wave', programmeName: 'P', startWeek: '2026-03-16',
        pods: names.map((name, i) => ({ podId: `p${i}`, name, members: [{ id: `m${i}`, name: 'A', team: 'T' }], score: 1, allTeamsDistinct: true, window: 'Tue', relaxations: [] })),
        unplaced: Array.from({ length: unplaced }, (_, i) => ({ person: { id: `u${i}`, name: `U${i}`, team: 'T' }, reason: 'r', suggestion: 's' })),
        metrics: { pods: count, placed: count, people: count + unplaced, unplaced, podsAllTeamsDistinct: count, allTeamsDistinctUpperBound: count, totalScore: 1, repeatPairs: 0 },
      } as unknown as WavePreview;
      const pages = Math.max(1, Math.ceil(count / PREVIEW_PODS_PER_PAGE));
      const shown = Array.from({ length: pages }, (_, page) => previewView(preview, page));
      expect(shown.flatMap(seen).sort()).toEqual(names);
      if (pages > 1) shown.forEach((view, page) => expect(JSON.stringify(view)).toContain(`of ${count} · page ${page + 1} of ${pages}`));
      if (unplaced > 25) expect(JSON.stringify(shown[0])).toContain(`and ${unplaced - 25} more not placed`);
    }), { numRuns: 40 });
  });

  it('the wave modal pages through every pod once, and says how many names and reasons it does not list', () => {
    fc.assert(fc.property(fc.nat(300), fc.nat(400), (count, pendingCount) => {
      const names = podNames(count);
      const detail = {
        wave: { id: 'w', name: 'Wave', status: 'inviting', start_week: '2026-03-16', invite_deadline: new Date('2026-03-13T17:00:00Z'), programmeName: 'P' },
        teams: ['T'], waiting: 0, declined: [],
        pods: names.map((name, i) => ({ id: `p${i}`, name, status: 'inviting', min_size: 4, max_size: 5, dissolved_reason: null, accepted: 3, pending: 2, members: 0 })),
        pending: Array.from({ length: pendingCount }, (_, i) => ({ name: `Person ${i}`, decline_kind: null, decline_reason: null, answered_at: null })),
      } as unknown as WaveDetail;
      const funnel = { pool: 1, unplaced: 0, invited: 1, accepted: 0, acceptedUnplaced: 0, declined: 0, pending: pendingCount, expired: 0, podsInviting: count, podsConfirmed: 0, podsDissolved: 0, podsShort: 0 };
      const pages = Math.max(1, Math.ceil(count / PODS_PER_PAGE));
      const shown = Array.from({ length: pages }, (_, page) => waveDetailView({ detail, funnel, page, timezone: 'Europe/Berlin' }));
      expect(shown.flatMap(seen).sort()).toEqual(names);
      const first = JSON.stringify(shown[0]);
      expect(first).toContain(`Pods (${count})`);
      expect(first).toContain(`Not answered (${pendingCount})`);
      const listed = (first.match(/Person \d+/g) ?? []).length;
      if (listed < pendingCount) expect(first).toContain(`and ${pendingCount - listed} more (all in the CSV export)`);
    }), { numRuns: 40 });
  });
});
