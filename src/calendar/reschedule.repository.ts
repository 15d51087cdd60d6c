import { isUuid } from '../core/ids.ts';
import type { Executor } from '../db.ts';

export { isUuid };

/** Pods whose sessions can still move: confirmed and scheduled, or meeting. */
export const MOVABLE_POD = ['confirmed', 'scheduled', 'running'] as const;


/** The pod row, locked: requests and choices for one pod run one at a time. */
export async function lockPod(db: Executor, podId: string) {
  if (!isUuid(podId)) return undefined;
  return db.selectFrom('pod').selectAll().where('id', '=', podId).forUpdate().executeTakeFirst();
}

/** The pod's current members (not left the pod or the programme), in seat order. */
export async function currentMembers(db: Executor, podId: string) {
  return db.selectFrom('pod_member as m').innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.name', 'p.email', 'p.slack_user_id as slackUserId', 'p.timezone as zone', 'p.status'])
    .where('m.pod_id', '=', podId).where('m.left_at', 'is', null).where('p.status', '<>', 'left').orderBy('m.seat').execute();
}
export type CurrentMember = Awaited<ReturnType<typeof currentMembers>>[number];

/** The clicker, when they are a current member of the pod. */
export async function memberBySlackId(db: Executor, podId: string, slackUserId: string): Promise<CurrentMember | undefined> {
  return (await currentMembers(db, podId)).find((m) => m.slackUserId === slackUserId);
}

/** Sessions from the pod's next one on (not yet started, not cancelled), in order. */
export async function sessionsAhead(db: Executor, podId: string, now: Date) {
  const next = await db.selectFrom('pod_session').select('index').where('pod_id', '=', podId).where('status', '<>', 'cancelled')
    .where('starts_at', '>', now).orderBy('index').executeTakeFirst();
  if (!next) return [];
  return db.selectFrom('pod_session').selectAll().where('pod_id', '=', podId).where('status', '<>', 'cancelled')
    .where('index', '>=', next.index).orderBy('index').execute();
}
