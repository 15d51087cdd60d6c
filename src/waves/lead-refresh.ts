import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import { jobId } from '../queue/job-id.ts';
import type { Queues } from '../queues.ts';

/** Bursts of changes inside one window collapse into one views.publish per lead. */
export const HOME_REFRESH_WINDOW_MS = 1_000;

/**
 * Re-publishes the home tab of every lead and admin after a wave changed. The job id names the
 * real-time window and the job runs at the window's end, so every change committed in the window
 * is seen by that one publish (views.publish is Tier 4: ~100/min). The window is read from the
 * injected clock (DESIGN §6), so a moved test or demo clock names the same window as the jobs.
 */
export async function refreshLeadHomes(
  deps: { db: Db; enqueue: Enqueue<Queues>; clock: Clock; config?: Pick<Config, 'PEERPODS_ADMINS'> },
): Promise<number> {
  const now = deps.clock.now().getTime();
  const windowEnd = (Math.floor(now / HOME_REFRESH_WINDOW_MS) + 1) * HOME_REFRESH_WINDOW_MS;
  // Every change in a window after the first finds its refresh already queued (the job id names
  // the window): no query for the leads and no enqueue per lead, which every accepted invite
  // used to pay after its ack.
  const queued = queuedWindow.get(deps.enqueue);
  if (queued?.windowEnd === windowEnd) return queued.leads;
  const leads = queueRefresh(deps, now, windowEnd);
  queuedWindow.set(deps.enqueue, { windowEnd, leads });
  leads.catch(() => {
    if (queuedWindow.get(deps.enqueue)?.leads === leads) queuedWindow.delete(deps.enqueue);
  });
  return leads;
}

/** Per runtime (its enqueue): the window whose refresh is queued, and for how many leads. */
const queuedWindow = new WeakMap<object, { windowEnd: number; leads: Promise<number> }>();

async function queueRefresh(
  deps: { db: Db; enqueue: Enqueue<Queues>; config?: Pick<Config, 'PEERPODS_ADMINS'> },
  now: number,
  windowEnd: number,
): Promise<number> {
  const admins = deps.config?.PEERPODS_ADMINS ?? [];
  const emails = admins.filter((a) => a.includes('@')).map((a) => a.toLowerCase());
  const rows = await deps.db
    .selectFrom('person')
    .select('slack_user_id')
    .where('slack_user_id', 'is not', null)
    .where('status', '!=', 'left')
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom('person_role').select('person_id').whereRef('person_role.person_id', '=', 'person.id').where('role', 'in', ['lead', 'admin'])),
      ...(emails.length ? [eb('email', 'in', emails)] : []),
      ...(admins.length ? [eb('slack_user_id', 'in', admins)] : []),
    ]))
    .execute();
  // BullMQ waits in real time: a delay (not an instant) stays right when the clock is virtual.
  const delay = windowEnd - now;
  for (const { slack_user_id: user } of rows) {
    await deps.enqueue('home-refresh', { slackUserId: user! }, { jobId: jobId('home', user!, windowEnd), delay });
  }
  return rows.length;
}
