/**
 * Seeds both emulators with one organisation, as the roster sync will find it: Slack members
 * (with time zones, a few guests, bots and deactivated accounts), the same people in the Google
 * Directory (department, org unit, title, location, manager) and one Slack user group per team.
 * Deterministic: the same size gives the same organisation. Used by tests, the benchmark and the demo.
 */
import type { GoogleEmulator } from './google/emulator.ts';
import type { SlackEmulator } from './slack/index.ts';

const OFFICES = [
  { zone: 'America/New_York', city: 'New York' },
  { zone: 'Europe/London', city: 'London' },
  { zone: 'Europe/Berlin', city: 'Berlin' },
  { zone: 'America/Los_Angeles', city: 'San Francisco' },
  { zone: 'Asia/Kolkata', city: 'Bangalore' },
  { zone: 'Australia/Sydney', city: 'Sydney' },
] as const;

const DEPARTMENTS = ['Engineering', 'Product', 'Sales', 'Support', 'Finance', 'People', 'Marketing', 'Operations'];

export interface SeedOptions {
  people: number;
  /** People per team on average (default 14). */
  teamSize?: number;
  domain?: string;
  /** Extra Slack-only accounts the sync must skip: guests, bots, deactivated (default 1% each, at least 1). */
  extras?: boolean;
  /** Create one Slack user group per team (default true). */
  usergroups?: boolean;
}

export interface SeededPerson {
  email: string;
  name: string;
  slackUserId: string;
  team: string;
  department: string;
  managerEmail: string | undefined;
  timezone: string;
}

export interface SeededOrg {
  people: SeededPerson[];
  teams: string[];
  skipped: { guests: string[]; bots: string[]; deleted: string[] };
}

export function seedOrganisation(slack: SlackEmulator, google: GoogleEmulator | undefined, options: SeedOptions): SeededOrg {
  const domain = options.domain ?? 'acme.test';
  const teamCount = Math.max(2, Math.round(options.people / (options.teamSize ?? 14)));
  const teams = Array.from({ length: teamCount }, (_, t) => `Team ${String(t + 1).padStart(3, '0')}`);
  const leadOf = new Map<number, string>();
  const people: SeededPerson[] = [];
  for (let i = 0; i < options.people; i++) {
    const t = i % teamCount;
    const department = DEPARTMENTS[t % DEPARTMENTS.length]!;
    const office = OFFICES[(t + Math.floor(i / teamCount) % 3) % OFFICES.length]!;
    const email = `person${String(i + 1).padStart(5, '0')}@${domain}`;
    const name = `Person ${i + 1}`;
    // The first member of each team leads it; team leads report to the first lead of their department.
    const lead = leadOf.get(t);
    const deptHead = leadOf.get(t % DEPARTMENTS.length);
    const managerEmail = lead ?? (deptHead !== undefined && deptHead !== email ? deptHead : undefined);
    if (lead === undefined) leadOf.set(t, email);
    const user = slack.workspace.addUser({ email, realName: name, tz: office.zone, title: lead ? 'Specialist' : 'Team lead' });
    google?.directory.addUser({
      email, givenName: 'Person', familyName: String(i + 1), department, title: lead ? 'Specialist' : 'Team lead',
      orgUnitPath: `/${department}/${teams[t]}`, location: office.city,
      ...(managerEmail ? { managerEmail } : {}),
    });
    people.push({ email, name, slackUserId: user.id, team: teams[t]!, department, managerEmail, timezone: office.zone });
  }
  if (options.usergroups ?? true) {
    teams.forEach((team, t) => {
      const users = people.filter((_, i) => i % teamCount === t).map((p) => p.slackUserId);
      slack.workspace.addUsergroup({ handle: team.toLowerCase().replace(/\s+/g, '-'), name: team, users });
    });
  }
  const skipped: SeededOrg['skipped'] = { guests: [], bots: [], deleted: [] };
  if (options.extras ?? true) {
    const extra = Math.max(1, Math.floor(options.people / 100));
    for (let k = 0; k < extra; k++) {
      skipped.guests.push(slack.workspace.addUser({ email: `guest${k + 1}@partner.test`, realName: `Guest ${k + 1}`, guest: 'multi' }).id);
      skipped.bots.push(slack.workspace.addBot(`helper-bot-${k + 1}`).id);
      const gone = slack.workspace.addUser({ email: `former${k + 1}@${domain}`, realName: `Former ${k + 1}` });
      slack.workspace.deactivateUser(gone.id);
      skipped.deleted.push(gone.id);
    }
  }
  return { people, teams, skipped };
}
