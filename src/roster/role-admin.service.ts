import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db.ts';
import { findPersonBySlackId, grantRole, revokeRole, rolesOf } from './person.repository.ts';
import type { Actor } from './roles.service.ts';

export type GrantableRole = 'lead' | 'hr';

/** The person picked in the roles modal is not on the roster (e.g. a guest or a bot). */
export class NotOnRosterError extends Error {
  constructor(readonly slackUserId: string) {
    super('That person is not on the peerpods roster. Run a roster sync if they just joined, then try again.');
    this.name = 'NotOnRosterError';
  }
}

/**
 * Grants or revokes lead/HR. The caller has already authorized 'roles.grant'; this writes the
 * change and its audit row in one transaction. Returns whether anything changed.
 */
export async function changeRole(
  db: Db,
  input: { actor: Actor; targetSlackUserId: string; role: GrantableRole; change: 'grant' | 'revoke'; now: Date },
): Promise<{ changed: boolean; personName: string }> {
  return db.transaction().execute(async (trx) => {
    const target = await findPersonBySlackId(trx, input.targetSlackUserId);
    if (!target || target.status === 'left') throw new NotOnRosterError(input.targetSlackUserId);
    const had = (await rolesOf(trx, target.id)).includes(input.role);
    if (input.change === 'grant' && !had) await grantRole(trx, target.id, input.role, input.actor.person.id, input.now);
    if (input.change === 'revoke' && had) await revokeRole(trx, target.id, input.role);
    const changed = input.change === 'grant' ? !had : had;
    await recordAudit(
      trx,
      {
        actorId: input.actor.person.id,
        actorSlackId: input.actor.person.slack_user_id,
        action: `roles.${input.change}`,
        allowed: true,
        subject: { personId: target.id, slackUserId: input.targetSlackUserId, role: input.role },
        detail: changed ? `${input.change === 'grant' ? 'granted' : 'revoked'} ${input.role}` : `no change: ${input.role} was already ${had ? 'held' : 'absent'}`,
      },
      input.now,
    );
    return { changed, personName: target.name };
  });
}
