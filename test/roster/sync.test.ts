import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { availablePeople, teamHeadcounts } from '../../src/roster/availability.repository.ts';
import type { Actor } from '../../src/roster/roles.service.ts';
import { EmptySourceError } from '../../src/roster/sync.service.ts';
import { adminSection } from '../../src/slack/home/admin.section.ts';
import { teamAvailability, wavePool } from '../../src/waves/match-inputs.ts';
import { seedOrganisation } from '../../src/sandbox/org-seed.ts';
import { seedPendingInvites, startSyncHarness, type SyncHarness } from './fixtures.ts';

let h: SyncHarness;
beforeEach(async () => {
  h = await startSyncHarness();
});
afterEach(async () => h.close());

describe('roster sync against the Slack and Google emulators', () => {
  it('imports a 2,000-person organisation with managers and user groups, within Slack tier limits', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 2_000 });
    const { stats } = await h.sync({ TEAM_SOURCE: 'usergroup' });

    expect(stats).toMatchObject({ created: 2_000, updated: 0, left: 0, slackPages: Math.ceil((2_000 + 2 + 60) / 200), teamsCreated: org.teams.length });
    expect(stats.skippedGuests).toBe(org.skipped.guests.length);
    expect(stats.skippedBots).toBe(org.skipped.bots.length + 2); // + Slackbot and our own bot
    expect(stats.skippedDeleted).toBe(org.skipped.deleted.length);
    // Group members come with usergroups.list (include_users): no per-group Tier-2 call needed.
    expect(stats).toMatchObject({ usergroups: org.teams.length, usergroupMemberCalls: 0 });
    expect(h.slack.log.calls().filter((c) => c.method === 'users.list' && c.ok).length).toBe(stats.slackPages);

    const people = await h.db.selectFrom('person').leftJoin('team', 'team.id', 'person.team_id')
      .select(['person.email', 'person.slack_user_id', 'person.timezone', 'person.manager_email', 'person.department', 'team.name as team', 'team.source'])
      .execute();
    expect(people).toHaveLength(2_000);
    const byEmail = new Map(people.map((p) => [p.email, p]));
    for (const seeded of org.people.slice(0, 50).concat(org.people.slice(-50))) {
      expect(byEmail.get(seeded.email)).toEqual({
        email: seeded.email, slack_user_id: seeded.slackUserId, timezone: seeded.timezone, manager_email: seeded.managerEmail ?? null,
        department: seeded.department, team: seeded.team, source: 'usergroup',
      });
    }
    const counts = await teamHeadcounts(h.db, h.clock.now());
    expect(counts.reduce((sum, t) => sum + t.headcount, 0)).toBe(2_000);
    expect(counts.every((t) => t.available === t.headcount)).toBe(true);
  });

  it('takes teams from the Directory department and does nothing on a re-sync with nothing changed', async () => {
    seedOrganisation(h.slack, h.google, { people: 120 });
    const first = await h.sync({ TEAM_SOURCE: 'department' });
    expect(first.stats.created).toBe(120);
    const teams = await h.db.selectFrom('team').select(['name', 'source']).orderBy('name').execute();
    expect(teams.every((t) => t.source === 'department')).toBe(true);
    expect(teams.map((t) => t.name)).toContain('Engineering');

    const before = await h.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute();
    h.clock.advance(86_400_000);
    const second = await h.sync({ TEAM_SOURCE: 'department' });
    expect(second.stats).toMatchObject({ created: 0, updated: 0, unchanged: 120, left: 0, teamsCreated: 0, rejoined: 0 });
    const after = await h.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute();
    expect(after).toEqual(before);
    const runs = await h.db.selectFrom('roster_sync').select(['status']).execute();
    expect(runs).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);
  });

  it('marks leavers as left (departed), withdraws their pending invites and re-admits someone who comes back', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 30, extras: false });
    await h.sync();
    const [gone, dropped, stays] = [org.people[3]!, org.people[4]!, org.people[5]!];
    const invites = await seedPendingInvites(h, [gone.email, stays.email]);

    h.slack.workspace.deactivateUser(gone.slackUserId);
    h.google.directory.removeUser(dropped.email);
    const { stats } = await h.sync();
    expect(stats).toMatchObject({ left: 2, invitesWithdrawn: 1 });

    const rows = await h.db.selectFrom('person').select(['email', 'status', 'left_reason', 'in_slack', 'in_directory'])
      .where('email', 'in', [gone.email, dropped.email, stays.email]).orderBy('email').execute();
    expect(rows).toEqual([
      { email: gone.email, status: 'left', left_reason: 'departed', in_slack: false, in_directory: false },
      { email: dropped.email, status: 'left', left_reason: 'departed', in_slack: false, in_directory: false },
      { email: stays.email, status: 'active', left_reason: null, in_slack: true, in_directory: true },
    ].sort((a, b) => a.email.localeCompare(b.email)));
    const inviteStates = await h.db.selectFrom('invite').select(['id', 'status']).execute();
    expect(new Map(inviteStates.map((i) => [i.id, i.status]))).toEqual(new Map([[invites[0]!, 'withdrawn'], [invites[1]!, 'pending']]));
    const pool = await availablePeople(h.db, (await h.db.selectFrom('team').select('id').execute()).map((t) => t.id), h.clock.now());
    expect(pool.map((p) => p.email)).not.toContain(gone.email);

    // Back in the Directory: active again on the next sync. A third sync changes nothing.
    h.google.directory.addUser({ email: dropped.email, department: dropped.department, managerEmail: dropped.managerEmail });
    expect((await h.sync()).stats).toMatchObject({ rejoined: 1, left: 0 });
    expect((await h.sync()).stats).toMatchObject({ updated: 0, created: 0, left: 0 });
  });

  it('sleeps through a 429 on users.list and Google quota answers instead of failing the walk', async () => {
    seedOrganisation(h.slack, h.google, { people: 450, extras: false });
    h.slack.faults.inject('users.list', '429', 2, 7);
    h.google.faults.inject('directory.users.list', '429', 1, 3);
    const { stats } = await h.sync();
    expect(stats.created).toBe(450);
    expect(h.slept.slice(0, 2)).toEqual([7_000, 7_000]);
    expect(h.slept).toContain(3_000);
    expect(stats.rateLimitWaits).toBe(3);
  });

  it('takes teams from org units, includes guests only when configured, and leaves CSV teams alone under TEAM_SOURCE=csv', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 40, usergroups: false });
    const guest = h.slack.workspace.addUser({ email: 'visitor@acme.test', realName: 'Visitor', guest: 'single' });
    h.google.directory.addUser({ email: 'visitor@acme.test', department: 'Partners' });
    const first = await h.sync({ TEAM_SOURCE: 'org_unit' });
    expect(first.stats).toMatchObject({ created: 40 });
    const team = await h.db.selectFrom('person').innerJoin('team', 'team.id', 'person.team_id').select(['team.name', 'team.source'])
      .where('person.email', '=', org.people[0]!.email).executeTakeFirstOrThrow();
    expect(team).toEqual({ name: `/${org.people[0]!.department}/${org.people[0]!.team}`, source: 'org_unit' });

    const withGuests = await h.sync({ TEAM_SOURCE: 'org_unit', INCLUDE_GUESTS: true });
    expect(withGuests.stats).toMatchObject({ created: 1 });
    expect(await h.db.selectFrom('person').select(['is_guest', 'slack_user_id']).where('email', '=', 'visitor@acme.test').executeTakeFirstOrThrow())
      .toEqual({ is_guest: true, slack_user_id: guest.id });

    const before = await h.db.selectFrom('person').select(['email', 'team_id']).orderBy('email').execute();
    const csvSource = await h.sync({ TEAM_SOURCE: 'csv', INCLUDE_GUESTS: true });
    expect(csvSource.stats).toMatchObject({ updated: 0, teamsCreated: 0 });
    expect(await h.db.selectFrom('person').select(['email', 'team_id']).orderBy('email').execute()).toEqual(before);
  });

  it('never offers paused (until their date) or left people as available', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 12, extras: false, usergroups: false });
    await h.sync();
    const [paused, expired, left] = org.people.slice(0, 3).map((p) => p.email);
    const now = h.clock.now();
    await h.db.updateTable('person').set({ status: 'paused', paused_until: new Date(now.getTime() + 86_400_000) }).where('email', '=', paused!).execute();
    await h.db.updateTable('person').set({ status: 'paused', paused_until: new Date(now.getTime() - 1) }).where('email', '=', expired!).execute();
    await h.db.updateTable('person').set({ status: 'left', left_reason: 'opted_out' }).where('email', '=', left!).execute();
    const teamIds = (await h.db.selectFrom('team').select('id').execute()).map((t) => t.id);
    const pool = (await availablePeople(h.db, teamIds, now)).map((p) => p.email);
    expect(pool).toHaveLength(10);
    expect(pool).toContain(expired);
    expect(pool).not.toContain(paused);
    expect(pool).not.toContain(left);
    const counts = await teamHeadcounts(h.db, now);
    expect(counts.reduce((n, t) => n + t.headcount, 0)).toBe(11);
    expect(counts.reduce((n, t) => n + t.available, 0)).toBe(10);
    // A re-sync does not re-activate an opt-out.
    await h.sync();
    expect((await h.db.selectFrom('person').select('status').where('email', '=', left!).executeTakeFirstOrThrow()).status).toBe('left');
  });

  it('the admin home, the launch modal and the wave pool count the same people as available', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 12, extras: false, usergroups: false });
    await h.sync();
    const [guest, invited, seated, paused] = org.people.slice(0, 4).map((p) => p.email);
    const now = h.clock.now();
    await h.db.updateTable('person').set({ is_guest: true }).where('email', '=', guest!).execute();
    await h.db.updateTable('person').set({ status: 'paused', paused_until: new Date(now.getTime() + 86_400_000) }).where('email', '=', paused!).execute();
    const [invite] = await seedPendingInvites(h, [invited!]);
    const { pod_id: podId } = await h.db.selectFrom('invite').select('pod_id').where('id', '=', invite!).executeTakeFirstOrThrow();
    const running = await h.db.insertInto('pod').values({ wave_id: (await h.db.selectFrom('pod').select('wave_id').where('id', '=', podId).executeTakeFirstOrThrow()).wave_id, name: 'Pod 2', status: 'running', min_size: 4, max_size: 5 })
      .returning('id').executeTakeFirstOrThrow();
    const seatedId = (await h.db.selectFrom('person').select('id').where('email', '=', seated!).executeTakeFirstOrThrow()).id;
    await h.db.insertInto('pod_member').values({ pod_id: running.id, person_id: seatedId, seat: 1, left_at: null }).execute();

    const teamIds = (await h.db.selectFrom('team').select('id').execute()).map((t) => t.id);
    const adminHome = await teamHeadcounts(h.db, now);
    const launchModal = await teamAvailability(h.db, { now });
    const pool = await wavePool(h.db, teamIds, { now });
    const people = await availablePeople(h.db, teamIds, now);
    expect(people.map((p) => p.email).sort()).toEqual(org.people.slice(4).map((p) => p.email).sort());
    expect(pool.map((p) => p.email)).toEqual(people.map((p) => p.email));
    expect(launchModal.map((t) => [t.id, t.headcount, t.available])).toEqual(adminHome.map((t) => [t.teamId, t.headcount, t.available]));
    expect(adminHome.reduce((n, t) => n + t.available, 0)).toBe(8);
    // With guests included, the guest counts again, in every view.
    expect((await teamHeadcounts(h.db, now, { includeGuests: true })).reduce((n, t) => n + t.available, 0)).toBe(9);
    expect(await wavePool(h.db, teamIds, { now, includeGuests: true })).toHaveLength(9);
    // The admin home reads INCLUDE_GUESTS as the launch modal and the preview do.
    const adminText = async (INCLUDE_GUESTS: boolean) =>
      JSON.stringify(await adminSection.render({ db: h.db, clock: h.clock, config: { ...h.config, INCLUDE_GUESTS } }, {} as Actor));
    expect(await adminText(false)).toContain('12 people in');
    expect(await adminText(false)).toContain('8 available to invite');
    expect(await adminText(true)).toContain('9 available to invite');
  });

  it('refuses to mark everyone as left when a source suddenly returns nobody', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 10, extras: false });
    await h.sync();
    for (const p of org.people) h.google.directory.removeUser(p.email);
    h.clock.advance(60_000);
    await expect(h.sync()).rejects.toBeInstanceOf(EmptySourceError);
    const left = await h.db.selectFrom('person').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'left').executeTakeFirstOrThrow();
    expect(left.n).toBe(0);
    const last = await h.db.selectFrom('roster_sync').select(['status', 'error']).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    expect(last.status).toBe('failed');
  });
});
