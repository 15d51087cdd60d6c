import { readFile } from 'node:fs/promises';
import { WebClient } from '@slack/web-api';
import { parseConfig, type Config } from '../config.ts';
import type { GoogleConnection } from '../google/auth.ts';
import { migrateToLatest } from '../migrate.ts';
import { systemClock } from '../platform/clock.ts';
import { openDatabase } from '../platform/database.ts';
import { importRosterCsv, RosterCsvError } from '../roster/csv-import.service.ts';
import { syncRoster } from '../roster/sync.service.ts';

const USAGE = `Usage:
  peerpods roster sync [--sandbox-org N]   sync people and teams from Slack + Google Directory
  peerpods roster import FILE.csv          import a roster CSV (all or nothing)

  --sandbox-org N   without Slack/Google credentials, sync from local emulators seeded with an
                    organisation of N people (to try the sync; the emulators stop afterwards)`;

/** `peerpods roster sync | import FILE.csv` */
export async function rosterCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'sync') return syncCommand(rest);
  if (sub === 'import') return importCommand(rest);
  console.error(sub ? `Unknown roster command "${sub}".\n\n${USAGE}` : USAGE);
  return 2;
}

async function importCommand(argv: string[]): Promise<number> {
  const [file, ...extra] = argv;
  if (!file || extra.length) {
    console.error(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const database = await openDatabase(parseConfig());
  try {
    await migrateToLatest(database.db);
    const stats = await importRosterCsv(database.db, { file, text, now: systemClock.now() });
    console.log(`Imported ${file}: ${stats.rows} rows, ${stats.created} created, ${stats.updated} updated, ${stats.unchanged} unchanged, ${stats.teamsCreated} new teams.`);
    return 0;
  } catch (error) {
    if (error instanceof RosterCsvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function syncCommand(argv: string[]): Promise<number> {
  const orgAt = argv.indexOf('--sandbox-org');
  const orgSize = orgAt >= 0 ? Number(argv[orgAt + 1]) : undefined;
  if (orgSize !== undefined && !(Number.isInteger(orgSize) && orgSize > 0)) {
    console.error(`--sandbox-org needs a number of people.\n\n${USAGE}`);
    return 2;
  }
  const config = parseConfig();
  const database = await openDatabase(config);
  const closers: (() => Promise<void>)[] = [() => database.close()];
  try {
    await migrateToLatest(database.db);
    const sources = await connectSources(config, orgSize, closers);
    const { runId, stats } = await syncRoster({ db: database.db, ...sources, config, clock: systemClock });
    console.log(JSON.stringify({ runId, ...stats }, null, 2));
    return 0;
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

/** The configured Slack and Google, or emulators (seeded when asked) when no credentials are set. */
async function connectSources(config: Config, orgSize: number | undefined, closers: (() => Promise<void>)[]): Promise<{ slack: WebClient; google: GoogleConnection }> {
  const clientOptions = { rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
  if (config.slackMode === 'live' && config.googleMode === 'workspace') {
    return {
      slack: new WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}) }),
      google: { mode: 'workspace', clientEmail: config.GOOGLE_SERVICE_ACCOUNT_EMAIL!, privateKey: config.GOOGLE_PRIVATE_KEY!.replace(/\\n/g, '\n'), adminEmail: config.GOOGLE_ADMIN_EMAIL! },
    };
  }
  const { startSlackEmulator } = await import('../sandbox/slack/index.ts');
  const { startGoogleEmulator } = await import('../sandbox/google/emulator.ts');
  const { seedOrganisation } = await import('../sandbox/org-seed.ts');
  const slackEmulator = config.slackMode === 'sandbox' ? await startSlackEmulator() : undefined;
  if (slackEmulator) closers.push(() => slackEmulator.close());
  const googleEmulator = config.googleMode === 'sandbox' ? await startGoogleEmulator() : undefined;
  if (googleEmulator) closers.push(() => googleEmulator.close());
  if (slackEmulator && orgSize) seedOrganisation(slackEmulator, googleEmulator, { people: orgSize });
  if (slackEmulator && !orgSize) console.error('No Slack credentials: syncing from an empty local emulator (try --sandbox-org 200).');
  const slack = slackEmulator
    ? new WebClient(slackEmulator.botToken, { ...clientOptions, slackApiUrl: slackEmulator.apiUrl })
    : new WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}) });
  const google: GoogleConnection = googleEmulator
    ? { mode: 'sandbox', rootUrl: googleEmulator.rootUrl }
    : { mode: 'workspace', clientEmail: config.GOOGLE_SERVICE_ACCOUNT_EMAIL!, privateKey: config.GOOGLE_PRIVATE_KEY!.replace(/\\n/g, '\n'), adminEmail: config.GOOGLE_ADMIN_EMAIL! };
  return { slack, google };
}
