import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { GoogleConnection } from '../google/auth.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';


/** What every Slack listener may use. Listeners stay thin: they call feature services. */
export interface AppContext {
  db: Db;
  config: Pick<Config, 'PEERPODS_ADMINS' | 'TEAM_SOURCE' | 'INCLUDE_GUESTS'> &
    Partial<Pick<Config, 'PUBLIC_URL' | 'REPORT_LINK_SECRET' | 'REPORT_LINK_TTL_HOURS' | 'SLACK_SIGNING_SECRET'>> &
    Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  log: Logger;
  /** For the few reads a click must make before it is applied (a reschedule choice re-reads free/busy). */
  google?: GoogleConnection;
}
