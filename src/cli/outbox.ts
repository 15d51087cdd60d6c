import { parseConfig } from '../config.ts';
import { calendarEffectCounts, outboxCounts, retryFailed } from '../outbox/outbox.repository.ts';
import { openDatabase } from '../platform/database.ts';

const USAGE = 'Usage: peerpods outbox status | retry';

/**
 * `peerpods outbox status` counts side effects by state; `peerpods outbox retry` puts failed ones
 * back to pending (e.g. after fixing a revoked Slack token), and the workers' reconcile tick
 * delivers them within a minute. Keys still make every delivery happen once.
 */
export async function outboxCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if ((action !== 'status' && action !== 'retry') || rest.length) {
    console.error(USAGE);
    return 2;
  }
  const database = await openDatabase(parseConfig());
  try {
    if (action === 'retry') console.log(`${await retryFailed(database.db, new Date())} failed side effects queued again.`);
    const counts = await outboxCounts(database.db);
    console.log(['pending', 'sent', 'failed', 'cancelled'].map((state) => `${state} ${counts[state] ?? 0}`).join(' · '));
    // Calendar writes by kind: a quota storm shows here as pending, a refused booking as failed.
    const calendar = await calendarEffectCounts(database.db);
    const kinds = [...new Set(calendar.map((c) => c.kind))];
    console.log(kinds.length === 0 ? 'calendar: none' : `calendar: ${kinds.map((k) => `${k} ${calendar.filter((c) => c.kind === k).map((c) => `${c.state} ${c.n}`).join(', ')}`).join(' · ')}`);
    return 0;
  } finally {
    await database.close();
  }
}
