import type { GoogleEmulator } from '../google/emulator.ts';
import type { SlackEmulator } from '../slack/index.ts';
import { demoBusyTimes, type DemoPerson } from './organisation.ts';

/**
 * Puts the demo organisation where a real one lives: Slack users (with time zones) and user
 * groups per team, Google Directory entries (department, org unit, manager, location) and busy
 * calendars. peerpods then learns it through the roster sync, as it would in production.
 */
export function seedEmulators(
  people: DemoPerson[],
  slack: SlackEmulator,
  google: GoogleEmulator,
  options: { busyFrom: Date; busyWeeks: number; seed: number },
): Map<string, string> {
  const slackIds = new Map<string, string>();
  const byTeam = new Map<string, string[]>();
  for (const person of people) {
    const user = slack.workspace.addUser({ email: person.email, realName: person.name, tz: person.timezone, title: person.title });
    slackIds.set(person.email, user.id);
    byTeam.set(person.team, [...(byTeam.get(person.team) ?? []), user.id]);
    const [givenName, ...rest] = person.name.split(' ');
    google.directory.addUser({
      email: person.email,
      givenName: givenName ?? person.name,
      familyName: rest.join(' '),
      department: person.department,
      title: person.title,
      orgUnitPath: `/${person.department}/${person.team}`,
      location: person.location,
      ...(person.managerEmail ? { managerEmail: person.managerEmail } : {}),
    });
    google.calendars.seedBusy(person.email, demoBusyTimes(person, options.busyFrom, options.busyWeeks, options.seed));
  }
  // The noise a real workspace has: a bot, a deactivated account and a guest, all to be skipped.
  slack.workspace.addUser({ email: 'former.colleague@demo.peerpods.test', realName: 'Former Colleague', deleted: true });
  slack.workspace.addUser({ email: 'contractor@agency.test', realName: 'Visiting Contractor', guest: 'single' });
  for (const [team, members] of byTeam) {
    slack.workspace.addUsergroup({ handle: team.toLowerCase().replace(/\s+/g, '-'), name: team, users: members });
  }
  return slackIds;
}
