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
