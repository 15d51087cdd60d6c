import type { Executor } from '../db.ts';
import type { Role } from '../core/permissions.ts';

export async function findPersonBySlackId(db: Executor, slackUserId: string) {
  return db.selectFrom('person').selectAll().where('slack_user_id', '=', slackUserId).executeTakeFirst();
}

export async function findPersonByEmail(db: Executor, email: string) {
  return db.selectFrom('person').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findPersonById(db: Executor, id: string) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesOf(db: Executor, personId: string): Promise<Role[]> {
  const rows = await db.selectFrom('person_role').select('role').where('person_id', '=', personId).execute();
  return rows.map((row) => row.role);
}

export async function grantRole(db: Executor, personId: string, role: Role, grantedBy: string | null, at: Date) {
  await db
    .insertInto('person_role')
    .values({ person_id: personId, role, granted_by: grantedBy, granted_at: at })
    .onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
    .execute();
}

export async function revokeRole(db: Executor, personId: string, role: Role) {
  await db.deleteFrom('person_role').where('person_id', '=', personId).where('role', '=', role).execute();
}

export async function peopleWithRole(db: Executor, role: Role) {
  return db
    .selectFrom('person')
    .innerJoin('person_role', 'person_role.person_id', 'person.id')
    .selectAll('person')
    .where('person_role.role', '=', role)
    .orderBy('person.name')
    .execute();
}
