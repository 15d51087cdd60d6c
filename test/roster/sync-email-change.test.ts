import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedOrganisation, type SeededPerson } from '../../src/sandbox/org-seed.ts';
import { adminSection } from '../../src/slack/home/admin.section.ts';
import { seedPendingInvites, startSyncHarness, type SyncHarness } from './fixtures.ts';

// A Slack user keeps their id when their email changes (a rename, a domain move). The roster must
// follow the id, not the address: same person row, roles, invites; nobody "left", nobody new.
let h: SyncHarness;
beforeEach(async () => {
  h = await startSyncHarness();
});
afterEach(async () => h.close());

/** Moves a seeded person to a new address in both Slack and the Directory, as an IT rename would. */
function renameEverywhere(person: SeededPerson, to: string): void {
  h.slack.workspace.updateUser(person.slackUserId, { email: to });
  h.google.directory.removeUser(person.email);
  h.google.directory.addUser({ email: to, department: person.department, managerEmail: person.managerEmail, fullName: person.name });
}

const personByEmail = (email: string) =>
  h.db.selectFrom('person').select(['id', 'email', 'slack_user_id', 'status', 'in_slack']).where('email', '=', email).executeTakeFirst();

describe('roster sync when a Slack user changes email', () => {
  it('updates the email in place: same person id, roles and invites, nobody left or created', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 12, extras: false, usergroups: false });
    await h.sync();
    const renamed = org.people[2]!;
    const before = (await personByEmail(renamed.email))!;
    await h.db.insertInto('person_role').values({ person_id: before.id, role: 'lead' }).execute();
    const invite = (await seedPendingInvites(h, [before.email]))[0]!;

    renameEverywhere(renamed, 'renamed.person@acme.test');
    h.clock.advance(60_000);
    const { runId, stats } = await h.sync();

    expect(stats).toMatchObject({ created: 0, updated: 1, left: 0, emailConflicts: 0 });
    expect(await personByEmail(renamed.email)).toBeUndefined();
    expect(await personByEmail('renamed.person@acme.test')).toEqual({ ...before, email: 'renamed.person@acme.test' });
    const roles = await h.db.selectFrom('person_role').select('role').where('person_id', '=', before.id).execute();
    expect(roles).toEqual([{ role: 'lead' }]);
    expect(await h.db.selectFrom('invite').select(['person_id', 'status']).where('id', '=', invite).executeTakeFirstOrThrow())
      .toEqual({ person_id: before.id, status: 'pending' });
    expect(await h.db.selectFrom('person').select('id').where('status', '=', 'left').execute()).toEqual([]);
    const run = await h.db.selectFrom('roster_sync').select(['status', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'succeeded', error: null });
  });

  it('follows two people who swap addresses in one sync', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 8, extras: false, usergroups: false });
    await h.sync();
    const [a, b] = [org.people[1]!, org.people[2]!];
    const ids = [(await personByEmail(a.email))!.id, (await personByEmail(b.email))!.id];
    h.slack.workspace.updateUser(a.slackUserId, { email: 'swap.tmp@acme.test' });
    h.slack.workspace.updateUser(b.slackUserId, { email: a.email });
    h.slack.workspace.updateUser(a.slackUserId, { email: b.email });

    const { stats } = await h.sync();
    expect(stats).toMatchObject({ created: 0, updated: 2, left: 0, emailConflicts: 0 });
    expect((await personByEmail(b.email))?.id).toBe(ids[0]);
    expect((await personByEmail(a.email))?.id).toBe(ids[1]);
  });

  it('skips only the person whose new email another roster row holds, and says so on the run', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 12, extras: false, usergroups: false });
    await h.sync();
    // Someone known only from a CSV import already holds the address the Slack user moves to.
    await h.db.insertInto('person').values({ email: 'taken@acme.test', name: 'From the CSV', in_csv: true }).execute();
    const renamed = org.people[4]!;
    const before = (await personByEmail(renamed.email))!;
    renameEverywhere(renamed, 'taken@acme.test');
    // The rest of the roster still changes in the same run.
    const gone = org.people[7]!;
    h.slack.workspace.deactivateUser(gone.slackUserId);
    h.slack.workspace.addUser({ email: 'newcomer@acme.test', realName: 'Newcomer' });
    h.google.directory.addUser({ email: 'newcomer@acme.test', department: renamed.department });
    h.clock.advance(60_000);

    const { runId, stats } = await h.sync();
    expect(stats).toMatchObject({ created: 1, left: 1, emailConflicts: 1 });
    // The skipped person keeps their row as it was: not renamed, not left.
    expect(await personByEmail(renamed.email)).toEqual(before);
    expect(await personByEmail('taken@acme.test')).toMatchObject({ slack_user_id: null, in_slack: false, status: 'active' });
    expect(await personByEmail('newcomer@acme.test')).toMatchObject({ status: 'active', in_slack: true });
    expect((await personByEmail(gone.email))?.status).toBe('left');

    const run = await h.db.selectFrom('roster_sync').select(['status', 'stats', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('succeeded');
    expect(run.stats).toMatchObject({ emailConflicts: 1 });
    expect(run.error).toContain(renamed.slackUserId);
    expect(run.error).toContain('taken@acme.test');
    // The admin sees it on the home tab, not only in the table.
    const blocks = await adminSection.render(
      { db: h.db, clock: h.clock, config: { PEERPODS_ADMINS: [], TEAM_SOURCE: 'department', INCLUDE_GUESTS: false } },
      { person: await h.db.selectFrom('person').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow(), roles: ['admin'] },
    );
    expect(JSON.stringify(blocks)).toContain('1 skipped');
  });
});
