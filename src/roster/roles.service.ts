import { recordAudit } from '../audit/audit.repository.ts';
import { allows, type Permission, type Role } from '../core/permissions.ts';
import type { Executor } from '../db.ts';
import type { Person } from './roster.table.ts';
import { findPersonBySlackId, rolesOf } from './person.repository.ts';

export interface Actor {
  person: Person;
  roles: Role[];
}

/** A refused privileged action: shown to the user, written to the audit log, nothing changed. */
export class ForbiddenError extends Error {
  constructor(readonly permission: Permission) {
    super(`You don't have permission to do that (${permission}). Ask a peerpods admin if you need it.`);
    this.name = 'ForbiddenError';
  }
}

export class UnknownUserError extends Error {
  constructor(readonly slackUserId: string) {
    super("peerpods doesn't know you yet. The roster syncs daily; ask an admin to run a sync if you just joined.");
    this.name = 'UnknownUserError';
  }
}

/**
 * Admins named in config (Slack ids or emails) hold the admin role without a database row. An
 * email names the Slack account that address was first seen with: a new account given a
 * departed admin's recycled address is not an admin (name that account by its Slack id instead).
 */
export async function isConfiguredAdmin(db: Executor, person: Pick<Person, 'email' | 'slack_user_id'>, admins: readonly string[]): Promise<boolean> {
  if (person.slack_user_id && admins.includes(person.slack_user_id)) return true;
  if (!admins.some((entry) => entry.toLowerCase() === person.email)) return false;
  const holder = await db.selectFrom('address_holder').select('slack_user_id').where('email', '=', person.email).executeTakeFirst();
  return !holder || holder.slack_user_id === person.slack_user_id;
}

/**
 * Who is asking, with the roles they hold right now: the one source for both what the home tab
 * shows and what the actions allow. Someone who has left holds no role (a departed person's
 * roles are also deleted by the roster sync). Roles are global: a lead leads every programme.
 */
export async function loadActor(db: Executor, slackUserId: string, admins: readonly string[]): Promise<Actor | undefined> {
  const person = await findPersonBySlackId(db, slackUserId);
  if (!person) return undefined;
  if (person.status === 'left') return { person, roles: [] };
  const roles = await rolesOf(db, person.id);
  if (!roles.includes('admin') && (await isConfiguredAdmin(db, person, admins))) roles.push('admin');
  return { person, roles };
}

/**
 * The server-side check every privileged Slack action makes. Refusals are audited; allowed
 * privileged actions are audited by the service that performs them, with what changed.
 */
export async function authorize(
  db: Executor,
  input: { slackUserId: string; permission: Permission; admins: readonly string[]; now: Date; subject?: Record<string, unknown> },
): Promise<Actor> {
  const actor = await loadActor(db, input.slackUserId, input.admins);
  if (!actor || actor.person.status === 'left' || !allows(actor.roles, input.permission)) {
    await recordAudit(
      db,
      {
        actorId: actor?.person.id ?? null,
        actorSlackId: input.slackUserId,
        action: input.permission,
        allowed: false,
        subject: input.subject ?? {},
        detail: actor ? `refused: roles [${actor.roles.join(', ') || 'member'}]` : 'refused: unknown user',
      },
      input.now,
    );
    if (!actor) throw new UnknownUserError(input.slackUserId);
    throw new ForbiddenError(input.permission);
  }
  return actor;
}
