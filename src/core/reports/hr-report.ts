import { MIN_PEOPLE, protect, type ProtectionMemo } from '../privacy/index.ts';
import { FigureBook, type Figure } from './figures.ts';
import {
  accepted, answeredRetro, continued, ended, tookPart,
  type ConnectionCount, type PeopleGroup, type WaveInfo, type WaveOutcome,
} from './people-groups.ts';

export interface HrReportInput {
  groups: readonly PeopleGroup[];
  /** Waves that invited anyone, oldest first. */
  waves: readonly WaveInfo[];
  connections: readonly ConnectionCount[];
  /** Teams on the roster (names by id), and how many of them any wave has included. */
  teams: ReadonlyMap<string, string>;
  teamsInWaves: number;
  generatedAt: Date;
}

export interface WaveRow {
  wave: WaveInfo;
  invited: Figure; accepted: Figure; inPods: Figure; declined: Figure; noAnswer: Figure;
  acceptance: Figure; attendance: Figure; continuation: Figure; value: Figure;
  /** Share of today's roster who had taken part by this wave. */
  coverageToDate: Figure;
}

export interface TeamRow {
  teamId: string;
  team: string;
  roster: Figure; tookPart: Figure; coverage: Figure; invited: Figure;
  acceptance: Figure; attendance: Figure; continuation: Figure; value: Figure;
}

export interface HrReport {
  generatedAt: string;
  headline: {
    roster: Figure; tookPart: Figure; coverage: Figure; acceptance: Figure;
    attendance: Figure; continuation: Figure; value: Figure;
    teams: number; teamsInWaves: number;
  };
  waves: WaveRow[];
  /** Largest teams first. */
  teams: TeamRow[];
  connections: {
    /** Pairs of teams where 5 or more people of each took part, most people first. */
    cells: { teamA: string; teamB: string; people: Figure }[];
    /** The cells' sum: people counted once for each other team they shared a pod with. */
    total: Figure;
    /**
     * Distinct pairs of teams whose people shared a pod (a count of team pairs, not of people):
     * the number of cells listed, so it says nothing the list does not.
     */
    pairsBridged: number;
  };
  /** How many figures the privacy module hid, of how many. */
  hiddenFigures: number;
  figures: number;
}

// Whether any of a group's waves passes a test: worked out once per group per build (thousands
// of groups are asked the same question by dozens of figures, to select atoms and to compute).
const EVER = [tookPart, accepted, continued, ended, answeredRetro] as const;
type Ever = (typeof EVER)[number];
function everOf(groups: readonly PeopleGroup[]): (g: PeopleGroup, test: Ever) => boolean {
  const bits = new Map<PeopleGroup, number>();
  for (const g of groups) {
    let mask = 0;
    for (const wave in g.outcomes) EVER.forEach((test, k) => { if (test(g.outcomes[wave]!)) mask |= 1 << k; });
    bits.set(g, mask);
  }
  return (g, test) => ((bits.get(g) ?? 0) & (1 << EVER.indexOf(test))) !== 0;
}
const invitedEver = (g: PeopleGroup) => {
  for (const _ in g.outcomes) return true;
  return false;
};

/**
 * Every figure HR can see, computed once and protected together: the home tab, the report page,
 * the CSV and the digest all show subsets of this one set, so nothing one surface shows can be
 * combined with another's to recover a hidden figure.
 */
export function buildHrReport(input: HrReportInput, spans?: ReportSpans, memo?: ProtectionMemo): HrReport {
  let start = performance.now();
  const book = new FigureBook(input.groups);
  const any = everOf(input.groups);
  const roster = (g: PeopleGroup) => g.onRoster;
  const onRoster = { within: roster };

  // Headline figures first: they are what HR reads first, so others yield to them.
  const h = {
    roster: book.count('all/roster', roster),
    tookPart: book.count('all/took_part', (g) => g.onRoster && any(g, tookPart), undefined, onRoster),
    coverage: book.share('all/coverage', (g) => any(g, tookPart), roster, undefined, onRoster),
    acceptance: book.share('all/acceptance', (g) => any(g, accepted), invitedEver),
    attendance: book.attendance('all/attendance', (g) => any(g, tookPart)),
    continuation: book.share('all/continuation', (g) => any(g, continued), (g) => any(g, ended)),
    value: book.value('all/value', (g) => any(g, answeredRetro)),
  };

  const waveIds = input.waves.map((w) => w.id);
  const waveFigures = input.waves.map((wave, index) => {
    const at = (g: PeopleGroup) => g.outcomes[wave.id];
    const id = (name: string) => `wave/${wave.id}/${name}`;
    const soFar = waveIds.slice(0, index + 1);
    // Every wave figure but coverage picks from the wave's invitees: "0 declined" beside a hidden
    // "3 invited" would say what each of the 3 did.
    const invitees = { within: (g: PeopleGroup) => at(g) !== undefined };
    return {
      wave,
      invited: book.count(id('invited'), (g) => at(g) !== undefined, undefined, invitees),
      accepted: book.count(id('accepted'), (g) => accepted(at(g)), undefined, invitees),
      inPods: book.count(id('in_pods'), (g) => tookPart(at(g)), undefined, invitees),
      declined: book.count(id('declined'), (g) => at(g) === 'D', undefined, invitees),
      noAnswer: book.count(id('no_answer'), (g) => at(g) === 'N', undefined, invitees),
      acceptance: book.share(id('acceptance'), (g) => accepted(at(g)), (g) => at(g) !== undefined, undefined, invitees),
      attendance: book.attendance(id('attendance'), (g) => tookPart(at(g)), [wave.id], undefined, invitees),
      continuation: book.share(id('continuation'), (g) => continued(at(g)), (g) => ended(at(g)), undefined, invitees),
      value: book.value(id('value'), (g) => answeredRetro(at(g)), [wave.id], undefined, invitees),
      coverageToDate: book.share(id('coverage_to_date'), (g) => soFar.some((w) => tookPart(g.outcomes[w])), roster, undefined, onRoster),
    };
  });

  // Teams, largest first: when a small team must be protected, a smaller team's figure yields.
  const headcount = new Map<string, number>();
  for (const g of input.groups) if (g.onRoster) headcount.set(g.teamId, (headcount.get(g.teamId) ?? 0) + g.people);
  const teamIds = [...input.teams.keys()].sort((a, b) => (headcount.get(b) ?? 0) - (headcount.get(a) ?? 0) || input.teams.get(a)!.localeCompare(input.teams.get(b)!));
  const teamFigures = teamIds.map((teamId) => {
    const id = (name: string) => `team/${teamId}/${name}`;
    return {
      teamId,
      team: input.teams.get(teamId)!,
      // Team figures pick from the team's people (today's roster for the roster ones): a "0"
      // or "n/a" for a team of 1–4 is hidden like their count.
      roster: book.count(id('roster'), roster, teamId, onRoster),
      tookPart: book.count(id('took_part'), (g) => g.onRoster && any(g, tookPart), teamId, onRoster),
      coverage: book.share(id('coverage'), (g) => any(g, tookPart), roster, teamId, onRoster),
      invited: book.count(id('invited'), invitedEver, teamId),
      acceptance: book.share(id('acceptance'), (g) => any(g, accepted), invitedEver, teamId),
      attendance: book.attendance(id('attendance'), (g) => any(g, tookPart), undefined, teamId),
      continuation: book.share(id('continuation'), (g) => any(g, continued), (g) => any(g, ended), teamId),
      value: book.value(id('value'), (g) => any(g, answeredRetro), undefined, teamId),
    };
  });

  // The connection map. A team where 1-4 people took part is left out of it (its cells, the
  // total, the pairs bridged): which teams' cells are there and which are empty would say whom
  // each of those few people met, whatever the cells' counts. The map's total is protected with
  // its cells (one part of the privacy module's arithmetic), so "total minus the shown cells"
  // never leaves a hidden cell on its own.
  const participants = new Map<string, number>();
  for (const g of input.groups) if (any(g, tookPart)) participants.set(g.teamId, (participants.get(g.teamId) ?? 0) + g.people);
  const mapped = (team: string) => (participants.get(team) ?? 0) >= MIN_PEOPLE;
  const pairs = input.connections
    .filter((c) => c.people > 0 && mapped(c.teamA) && mapped(c.teamB))
    .sort((a, b) => b.people - a.people || a.teamA.localeCompare(b.teamA) || a.teamB.localeCompare(b.teamB))
    .map((c) => ({ ...c, atom: book.extraAtom(c.people) }));
  const cells = pairs.map((c) => ({ teamA: c.teamA, teamB: c.teamB, id: book.extraCount(`pair/${c.teamA}/${c.teamB}`, [c.atom]) }));
  // The total after its cells: when the hidden cells add up to 1-4 people, the total gives way
  // rather than a cell (and the arithmetic stays sparse: a dense total first would be reduced
  // against every shown cell in turn).
  const connected = book.extraCount('all/people_connected', pairs.map((c) => c.atom));
  if (spans) spans.figuresMs = performance.now() - start;

  start = performance.now();
  const { atoms, figures } = book.requests();
  const protection = memo ? memo.protect(atoms, figures) : protect(atoms, figures);
  if (spans) spans.protectMs = performance.now() - start;
  start = performance.now();
  const values = book.evaluate(protection.shown);
  const f = (id: string) => values.get(id)!;
  const resolve = <K extends string>(ids: Record<K, string>) =>
    Object.fromEntries(Object.entries<string>(ids).map(([k, id]) => [k, f(id)])) as Record<K, Figure>;

  const report: HrReport = {
    generatedAt: input.generatedAt.toISOString(),
    headline: { ...resolve(h), teams: input.teams.size, teamsInWaves: input.teamsInWaves },
    waves: waveFigures.map(({ wave, ...ids }) => ({ wave, ...resolve(ids) })),
    teams: teamFigures.map(({ teamId, team, ...ids }) => ({ teamId, team, ...resolve(ids) })),
    connections: {
      cells: cells.map((c) => ({ teamA: c.teamA, teamB: c.teamB, people: f(c.id) })),
      total: f(connected),
      pairsBridged: pairs.length,
    },
    hiddenFigures: protection.hidden.size,
    figures: figures.length,
  };
  if (spans) spans.evaluateMs = performance.now() - start;
  return report;
}

/** Where a build's time went (the bench prints it): defining and selecting figures, protecting them, computing them. */
export interface ReportSpans {
  figuresMs?: number;
  protectMs?: number;
  evaluateMs?: number;
}
