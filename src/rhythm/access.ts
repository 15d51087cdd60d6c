import { recordAudit } from '../audit/audit.repository.ts';
import type { Db, Tx } from '../db.ts';
import { NotYourSessionError } from './errors.ts';
import type { LockedSession, PodMember } from './rhythm.repository.ts';

/**
 * The server-side check behind every session button: the clicker (from the signed request, never
 * from the payload) must be the session's facilitator, or a current member of its pod.
 */
export async function clickerOf(trx: Tx, s: LockedSession, members: PodMember[], slackUserId: string, need: 'facilitator' | 'member'): Promise<PodMember> {
  const me = members.find((m) => m.slackUserId === slackUserId && m.status !== 'left');
  if (!me || (need === 'facilitator' && me.personId !== s.facilitator_id)) throw new NotYourSessionError(s.id, need);
  return me;
}

/** A refused click is audited outside the rolled-back transaction. */
export async function auditRefusal(db: Db, action: string, slackUserId: string, sessionId: string, error: NotYourSessionError, now: Date): Promise<void> {
  const person = await db.selectFrom('person').select('id').where('slack_user_id', '=', slackUserId).executeTakeFirst();
  await recordAudit(db, {
    actorId: person?.id ?? null, actorSlackId: slackUserId, action, allowed: false,
    subject: { sessionId }, detail: `refused: not the session's ${error.need}`,
  }, now);
}
