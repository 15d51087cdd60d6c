import type { Executor } from '../db.ts';

/** The pod a person is in now (confirmed onwards, not left) and its members' names, if any. */
export async function currentPodOf(db: Executor, personId: string) {
  const pod = await db
    .selectFrom('pod_member')
    .innerJoin('pod', 'pod.id', 'pod_member.pod_id')
    .select(['pod.id', 'pod.name', 'pod.status', 'pod.round'])
    .where('pod_member.person_id', '=', personId)
    .where('pod_member.left_at', 'is', null)
    .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro'])
    .orderBy('pod.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!pod) return undefined;
  const members = await db
    .selectFrom('pod_member')
    .innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.name', 'person.slack_user_id'])
    .where('pod_member.pod_id', '=', pod.id)
    .where('pod_member.left_at', 'is', null)
    .orderBy('pod_member.seat')
    .execute();
  return { ...pod, members };
}

/** How many invitations are waiting for this person's answer. */
export async function pendingInviteCount(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom('invite')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
