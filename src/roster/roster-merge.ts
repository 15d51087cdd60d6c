/**
 * The pure part of a roster sync: joins Slack members with Directory people by email, decides
 * each person's team for the configured source, and diffs that against what Postgres holds.
 * No I/O here, so the rules (who is present, who left, what changed) are testable on their own.
 */
import type { DirectoryPerson } from '../google/directory.ts';
import type { Person, PersonUpdate, TeamSource } from './roster.table.ts';
import type { SlackMember } from './slack-directory.ts';

/** What the sources say one person should look like; `team` undefined = the source says nothing. */
export interface DesiredPerson {
  email: string;
  slackUserId: string;
  name: string;
  timezone: string | null;
  isGuest: boolean;
  /** The Slack profile's title, used when the Directory does not know the person. */
  slackTitle: string | null;
  directory: DirectoryPerson | undefined;
  team: string | undefined;
}

export interface MergeInput {
  slack: SlackMember[];
  directory: DirectoryPerson[];
  teamSource: TeamSource;
  /** Slack user id → user group name, when teams come from user groups. */
  usergroupOf?: Map<string, string>;
}

export interface Merged {
  people: DesiredPerson[];
  /** Slack members left out because the Directory (in use) does not know them. */
  notInDirectory: number;
  duplicateEmails: number;
}

/**
 * Joins the two sources. When the Directory is in use (it returned anyone), a person must be in
 * both to be on the roster; an empty Directory means "not connected" and Slack alone decides.
 */
export function mergeSources(input: MergeInput): Merged {
  const byEmail = new Map(input.directory.map((d) => [d.email, d]));
  const directoryInUse = input.directory.length > 0;
  const seen = new Set<string>();
  const merged: Merged = { people: [], notInDirectory: 0, duplicateEmails: 0 };
  for (const member of input.slack) {
    if (seen.has(member.email)) {
      merged.duplicateEmails++;
      continue;
    }
    seen.add(member.email);
    const directory = byEmail.get(member.email);
    if (directoryInUse && !directory) {
      merged.notInDirectory++;
      continue;
    }
    merged.people.push({
      email: member.email,
      slackUserId: member.slackUserId,
      name: member.name,
      timezone: member.timezone,
      isGuest: member.isGuest,
      slackTitle: member.title,
      directory,
      team: teamFor(input, member, directory),
    });
  }
  return merged;
}

function teamFor(input: MergeInput, member: SlackMember, directory: DirectoryPerson | undefined): string | undefined {
  const name = (() => {
    switch (input.teamSource) {
      case 'department': return directory?.department;
      case 'org_unit': return directory?.orgUnitPath && directory.orgUnitPath !== '/' ? directory.orgUnitPath : undefined;
      case 'usergroup': return input.usergroupOf?.get(member.slackUserId);
      case 'csv': return undefined; // teams come from the CSV import; the sync leaves them alone
    }
  })();
  const trimmed = name?.trim();
  return trimmed ? trimmed : undefined;
}

/** The columns a sync writes for a person, given their team id (undefined = keep the current team). */
export function columnsFor(d: DesiredPerson, teamId: string | undefined): PersonUpdate {
  const dir = d.directory;
  const columns: PersonUpdate = {
    email: d.email,
    slack_user_id: d.slackUserId,
    name: d.name,
    is_guest: d.isGuest,
    in_slack: true,
    in_directory: dir !== undefined,
  };
  if (d.timezone) columns.timezone = d.timezone;
  if (teamId !== undefined) columns.team_id = teamId;
  // Directory fields only when the Directory knows the person: a CSV may have filled them.
  if (dir) {
    columns.department = dir.department;
    columns.org_unit = dir.orgUnitPath;
    columns.manager_email = dir.managerEmail && dir.managerEmail !== d.email ? dir.managerEmail : null;
    columns.location = dir.location;
    columns.title = dir.title;
  } else if (d.slackTitle) {
    columns.title = d.slackTitle;
  }
  return columns;
}

/** The subset of `wanted` that differs from `current`: empty means the row is left untouched. */
export function changedColumns(current: Person, wanted: PersonUpdate): PersonUpdate {
  const patch: PersonUpdate = {};
  for (const [key, value] of Object.entries(wanted) as [keyof PersonUpdate, unknown][]) {
    const now = current[key as keyof Person];
    if (!sameValue(now, value)) (patch as Record<string, unknown>)[key] = value;
  }
  return patch;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  return (a ?? null) === (b ?? null);
}
