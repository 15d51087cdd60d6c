/**
 * Facilitator rotation: who hosts each session of a pod round.
 *
 * Fair across rounds: turns go in cycles; within a cycle nobody hosts twice, and each cycle starts
 * with those who have hosted least so far (earlier rounds included), seat order breaking ties. So
 * nobody facilitates twice before everyone has once, counted over the pod's whole history, and the
 * person who closed the last round does not open the next one unless everyone else has had as many
 * turns. Pure: the caller passes the history.
 */
export interface RotationInput {
  /** Members in seat order (the order they accepted). */
  members: readonly string[];
  sessions: number;
  /** Turns each person already took in earlier rounds of this pod. */
  pastTurns?: ReadonlyMap<string, number>;
  /** Who hosted the most recent earlier session, if any: they go last among equals. */
  lastFacilitator?: string | null;
}

export function facilitatorRotation(input: RotationInput): string[] {
  const { members, sessions } = input;
  if (members.length === 0) return Array.from({ length: sessions }, () => '');
  const turns = new Map(members.map((m) => [m, input.pastTurns?.get(m) ?? 0]));
  const seat = new Map(members.map((m, i) => [m, i]));
  const out: string[] = [];
  let previous = input.lastFacilitator ?? null;
  while (out.length < sessions) {
    const cycle = [...members].sort((a, b) =>
      turns.get(a)! - turns.get(b)! || Number(a === previous) - Number(b === previous) || seat.get(a)! - seat.get(b)!);
    for (const person of cycle) {
      if (out.length >= sessions) break;
      out.push(person);
      turns.set(person, turns.get(person)! + 1);
      previous = person;
    }
  }
  return out;
}

/**
 * Turns taken so far by the members who stay, from the facilitators of earlier sessions (oldest
 * first). For a continued pod's next round.
 */
export function turnsSoFar(history: readonly (string | null)[]): { pastTurns: Map<string, number>; lastFacilitator: string | null } {
  const pastTurns = new Map<string, number>();
  let lastFacilitator: string | null = null;
  for (const id of history) {
    if (!id) continue;
    pastTurns.set(id, (pastTurns.get(id) ?? 0) + 1);
    lastFacilitator = id;
  }
  return { pastTurns, lastFacilitator };
}
