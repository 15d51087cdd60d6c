/**
 * The preview's figures recomputed from pods as they stand after a lead's edit (a swap, someone
 * moved out), so the lead sees the effect before launching. Pure: each pod is its members' teams.
 * The bounds ("best possible") stay those of the matcher's run: an edit cannot move them.
 */
export interface PreviewFigures {
  pods: number;
  placed: number;
  unplaced: number;
  people: number;
  podsAllTeamsDistinct: number;
  sameTeamPairs: number;
  crossTeamPairs: number;
}

export function previewFigures(podTeams: readonly (readonly string[])[], unplaced: number): PreviewFigures {
  let same = 0, pairs = 0, distinct = 0;
  for (const teams of podTeams) {
    const counts = new Map<string, number>();
    for (const t of teams) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const c of counts.values()) same += (c * (c - 1)) / 2;
    pairs += (teams.length * (teams.length - 1)) / 2;
    if (counts.size === teams.length) distinct++;
  }
  const placed = podTeams.reduce((a, t) => a + t.length, 0);
  return { pods: podTeams.length, placed, unplaced, people: placed + unplaced, podsAllTeamsDistinct: distinct, sameTeamPairs: same, crossTeamPairs: pairs - same };
}

/** The figures a lead compares between two versions of a draft (before an edit or a re-run, and after). */
export interface FigureSnapshot {
  pods: number;
  placed: number;
  podsAllTeamsDistinct: number;
  sameTeamPairs: number;
  repeatPairs: number;
  totalScore: number;
}

const COMPARED: { key: keyof FigureSnapshot; label: string; higherIsBetter: boolean }[] = [
  { key: 'pods', label: 'pods', higherIsBetter: true },
  { key: 'placed', label: 'people placed', higherIsBetter: true },
  { key: 'podsAllTeamsDistinct', label: 'pods with every team different', higherIsBetter: true },
  { key: 'sameTeamPairs', label: 'same-team pairs', higherIsBetter: false },
  { key: 'repeatPairs', label: 'repeat pairs', higherIsBetter: false },
  { key: 'totalScore', label: 'score', higherIsBetter: true },
];

export function snapshotOf(m: FigureSnapshot): FigureSnapshot {
  return { pods: m.pods, placed: m.placed, podsAllTeamsDistinct: m.podsAllTeamsDistinct, sameTeamPairs: m.sameTeamPairs, repeatPairs: m.repeatPairs, totalScore: m.totalScore };
}

export interface FigureChange { label: string; from: number; to: number; better: boolean }

/** What changed between two snapshots, in the lead's words, in a fixed order; unchanged figures are left out. */
export function figureChanges(before: FigureSnapshot, after: FigureSnapshot): FigureChange[] {
  return COMPARED.filter((c) => Math.round(before[c.key] * 100) !== Math.round(after[c.key] * 100)).map((c) => ({
    label: c.label, from: before[c.key], to: after[c.key], better: c.higherIsBetter ? after[c.key] > before[c.key] : after[c.key] < before[c.key],
  }));
}
