import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorize, ForbiddenError, loadActor } from '../../src/roster/roles.service.ts';
import { seedOrganisation } from '../../src/sandbox/org-seed.ts';
import { renderHome } from '../../src/slack/home/render-home.ts';
import { startSyncHarness, type SyncHarness } from './fixtures.ts';

// Roles are global (a lead leads every programme) and end with the person: at departure, and
// when their address turns up on another Slack account. What the home tab shows and what the
// actions allow come from the same loadActor.
let h: SyncHarness;
beforeEach(async () => {
  h = await startSyncHarness();
});
afterEach(async () => h.close());

async function leadOf(email: string) {
  const person = await h.db.selectFrom('person').select(['id', 'slack_user_id']).where('email', '=', email).executeTakeFirstOrThrow();
  await h.db.insertInto('person_role').values({ person_id: person.id, role: 'lead', granted_by: null }).execute();
  return person;
}
const rolesOf = async (personId: string) => (await h.db.selectFrom('person_role').select('role').where('person_id', '=', personId).execute()).map((r) => r.role);
const homeCtx = (admins: string[] = []) => ({ db: h.db, clock: h.clock, config: { PEERPODS_ADMINS: admins, TEAM_SOURCE: 'department' as const, INCLUDE_GUESTS: false }, enqueue: async () => '', log: console }) as never;
const shows = (view: { blocks: unknown[] }, text: string) => JSON.stringify(view.blocks).includes(text);

describe('roles and the roster', () => {
  it("a departed lead's roles end, are audited, and neither the home tab nor an action grants them", async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 30 });
    await h.sync();
    const lead = await leadOf(org.people[0]!.email);
    expect(shows(await renderHome(homeCtx(), lead.slack_user_id!), 'Launch wave')).toBe(true);

    h.slack.workspace.deactivateUser(lead.slack_user_id!);
    await h.sync();
    expect(await rolesOf(lead.id)).toEqual([]);
    const audit = await h.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'roles.ended').execute();
    expect(audit).toEqual([{ action: 'roles.ended', subject: { personId: lead.id, roles: ['lead'] } }]);
    expect(shows(await renderHome(homeCtx(), lead.slack_user_id!), 'Launch wave')).toBe(false);
    await expect(authorize(h.db, { slackUserId: lead.slack_user_id!, permission: 'wave.launch', admins: [], now: h.clock.now() })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a new Slack account with an old address does not inherit its roles', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 30 });
    await h.sync();
    const email = org.people[1]!.email;
    const lead = await leadOf(email);
    // The old account is deactivated and its address handed to a new hire's account.
    h.slack.workspace.updateUser(lead.slack_user_id!, { email: `old.${email}` });
    h.slack.workspace.deactivateUser(lead.slack_user_id!);
    const newcomer = h.slack.workspace.addUser({ email, realName: 'New Hire' });
    await h.sync();
    const actor = await loadActor(h.db, newcomer.id, []);
    expect(actor?.person.email).toBe(email);
    expect(actor?.roles).toEqual([]);
    expect(shows(await renderHome(homeCtx(), newcomer.id), 'Launch wave')).toBe(false);
  });

  it.each([
    ['takes over the departed row', false],
    ['gets a row of its own (the old row was renamed first)', true],
  ])('an admin named by email in PEERPODS_ADMINS is not granted to a new account given that address when it %s', async (_case, renamedFirst) => {
    const org = seedOrganisation(h.slack, h.google, { people: 30 });
    await h.sync();
    const email = org.people[3]!.email;
    const admins = [email.toUpperCase()];
    const old = await h.db.selectFrom('person').select(['id', 'slack_user_id']).where('email', '=', email).executeTakeFirstOrThrow();
    expect((await loadActor(h.db, old.slack_user_id!, admins))?.roles).toEqual(['admin']);

    h.slack.workspace.updateUser(old.slack_user_id!, { email: `old.${email}` });
    if (renamedFirst) await h.sync();
    h.slack.workspace.deactivateUser(old.slack_user_id!);
    const newcomer = h.slack.workspace.addUser({ email, realName: 'New Hire' });
    await h.sync();
    const actor = await loadActor(h.db, newcomer.id, admins);
    expect(actor?.person.email).toBe(email);
    expect(actor?.roles).toEqual([]);
    expect(shows(await renderHome(homeCtx(admins), newcomer.id), 'Manage roles')).toBe(false);
    await expect(authorize(h.db, { slackUserId: newcomer.id, permission: 'roles.grant', admins, now: h.clock.now() })).rejects.toBeInstanceOf(ForbiddenError);
    // Named by its Slack id, the new account is an admin: the operator's explicit choice.
    expect((await loadActor(h.db, newcomer.id, [newcomer.id]))?.roles).toEqual(['admin']);
  });

  it('an admin named by email keeps the grant through a sync that renames nobody', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 30 });
    await h.sync();
    const person = org.people[4]!;
    const row = await h.db.selectFrom('person').select('slack_user_id').where('email', '=', person.email).executeTakeFirstOrThrow();
    await h.sync();
    expect((await loadActor(h.db, row.slack_user_id!, [person.email]))?.roles).toEqual(['admin']);
    expect(shows(await renderHome(homeCtx([person.email]), row.slack_user_id!), 'Manage roles')).toBe(true);
  });

  it('a person who has left holds no role even if a role row remains', async () => {
    const org = seedOrganisation(h.slack, h.google, { people: 30 });
    await h.sync();
    const lead = await leadOf(org.people[2]!.email);
    await h.db.updateTable('person').set({ status: 'left', left_reason: 'opted_out' } as never).where('id', '=', lead.id).execute();
    expect((await loadActor(h.db, lead.slack_user_id!, []))?.roles).toEqual([]);
    expect(shows(await renderHome(homeCtx(), lead.slack_user_id!), 'Launch wave')).toBe(false);
  });
});
