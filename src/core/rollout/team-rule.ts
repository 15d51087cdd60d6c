/**
 * Launch by rule: a lead rolling out team by team picks *which* teams by a rule, not by ticking
 * hundreds of boxes. Pure: the caller loads the teams (with availability and whether a wave has
 * reached them) and gets the chosen teams back, in a stable order.
 */
export type TeamRuleKind = 'picked' | 'not_reached' | 'departments' | 'largest';

export type TeamRule =
  | { kind: 'picked'; teamIds: readonly string[] }
  | { kind: 'not_reached' }
  | { kind: 'departments'; departments: readonly string[] }
  | { kind: 'largest'; count: number };

export interface RolloutTeam {
  id: string;
  name: string;
  /** The department most of the team's people are in (null when the directory does not say). */
  department: string | null;
  /** People who could be invited now. */
  available: number;
  /** A launched (not cancelled) wave already covered this team. */
  reached: boolean;
}

export const TEAM_RULE_LABELS: Record<TeamRuleKind, string> = {
  picked: 'The teams I pick below',
  not_reached: 'Every team not reached yet',
  departments: 'Teams in the departments I pick below',
  largest: 'The next N teams not reached yet, largest first',
};

const byName = (a: RolloutTeam, b: RolloutTeam) => a.name.localeCompare(b.name);

/**
 * A department as an option value: its name, or for a name past Slack's 150-character option
 * value, a short stable digest of it (FNV-1a), so any department can still be picked.
 */
export function departmentValue(name: string): string {
  if (name.length <= 150) return name;
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return `dept#${(h >>> 0).toString(16)}#${name.length}`;
}

/**
 * The teams a rule selects. A rule never chooses a team with nobody available (it would add no
 * one); teams the lead picked by hand are taken as picked.
 */
export function teamsByRule(rule: TeamRule, teams: readonly RolloutTeam[]): RolloutTeam[] {
  const open = teams.filter((t) => t.available > 0);
  switch (rule.kind) {
    case 'picked': {
      const wanted = new Set(rule.teamIds);
      return teams.filter((t) => wanted.has(t.id)).sort(byName);
    }
    case 'not_reached':
      return open.filter((t) => !t.reached).sort(byName);
    case 'departments': {
      const wanted = new Set(rule.departments);
      return open.filter((t) => t.department !== null && (wanted.has(t.department) || wanted.has(departmentValue(t.department)))).sort(byName);
    }
    case 'largest':
      return open.filter((t) => !t.reached).sort((a, b) => b.available - a.available || byName(a, b)).slice(0, Math.max(0, rule.count));
  }
}

/** Figures the modal shows before the lead confirms: how many teams and people a choice means. */
export function rolloutFigures(teams: readonly RolloutTeam[]): { teams: number; people: number; notReached: number; notReachedPeople: number } {
  const notReached = teams.filter((t) => !t.reached && t.available > 0);
  return {
    teams: teams.filter((t) => t.available > 0).length,
    people: teams.reduce((n, t) => n + t.available, 0),
    notReached: notReached.length,
    notReachedPeople: notReached.reduce((n, t) => n + t.available, 0),
  };
}

/** Distinct departments, for the department picker, largest first by available people. */
export function departmentsOf(teams: readonly RolloutTeam[]): { name: string; teams: number; available: number }[] {
  const out = new Map<string, { name: string; teams: number; available: number }>();
  for (const t of teams) {
    if (!t.department) continue;
    const d = out.get(t.department) ?? { name: t.department, teams: 0, available: 0 };
    d.teams++;
    d.available += t.available;
    out.set(t.department, d);
  }
  return [...out.values()].sort((a, b) => b.available - a.available || a.name.localeCompare(b.name));
}

/** Teams whose name contains the typed text (case- and accent-insensitive), for a search box. */
export function searchTeams(teams: readonly RolloutTeam[], query: string): RolloutTeam[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(query.trim());
  return teams.filter((t) => fold(t.name).includes(q)).sort((a, b) => Number(a.reached) - Number(b.reached) || byName(a, b));
}
