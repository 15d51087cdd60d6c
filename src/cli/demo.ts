import { parseConfig, type Config } from '../config.ts';
import { ManualClock, type Clock } from '../platform/clock.ts';
import { silentLogger } from '../platform/logger.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../platform/runtime.ts';
import { demoOrganisation } from '../sandbox/demo/organisation.ts';
import { seedEmulators } from '../sandbox/demo/seed.ts';
import { runDemoStory, type DemoFigures } from '../sandbox/demo/story.ts';

/** Variables the demo ignores: it always runs on embedded defaults and the emulators. */
const LIVE_SETTINGS = [
  'DATABASE_URL', 'REDIS_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_SOCKET_MODE',
  'SLACK_API_URL', 'GOOGLE_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_PRIVATE_KEY', 'GOOGLE_ADMIN_EMAIL',
];

/**
 * `peerpods demo [--keep-running]`: a whole programme on embedded Postgres, BullMQ's Postgres
 * backend and the Slack/Google emulators. Prints a readable story and, last, one JSON line of
 * figures read from the emulators' own logs.
 */
const USAGE = 'Usage: peerpods demo [--people N] [--teams T] [--keep-running]  (defaults: 120 people in 12 teams)';

/** `--people N --teams T --keep-running`, checked: a bad value is a clear error and nothing runs. */
export function demoOptions(argv: readonly string[]): { people: number; teams: number; keepRunning: boolean } | { error: string } {
  const out = { people: 120, teams: 12, keepRunning: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--keep-running') { out.keepRunning = true; continue; }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag !== '--people' && flag !== '--teams') return { error: `Unknown option ${arg}. ${USAGE}` };
    const raw = inline ?? argv[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n)) return { error: `${flag} needs a whole number, got ${raw ?? 'nothing'}. ${USAGE}` };
    if (flag === '--people') out.people = n;
    else out.teams = n;
  }
  if (out.people < 20 || out.people > 50_000) return { error: `--people must be between 20 and 50,000 (got ${out.people}).` };
  if (out.teams < 2 || out.teams > 2_000) return { error: `--teams must be between 2 and 2,000 (got ${out.teams}).` };
  if (out.teams * 4 > out.people) return { error: `${out.teams} teams need at least ${out.teams * 4} people (4 a team); got --people ${out.people}.` };
  return out;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const options = demoOptions(argv);
  if ('error' in options) {
    console.error(options.error);
    return 2;
  }
  const people = demoOrganisation(options.people, 7, options.teams);
  const admin = people[0]!;
  const config = demoConfig(admin.email);
  // The story runs over simulated weeks: the clock starts on a Monday morning and is moved on.
  const clock = new ManualClock(nextMonday(new Date()));
  const started = Date.now();
  say('peerpods demo: embedded Postgres, BullMQ on Postgres, Slack and Google emulators on 127.0.0.1');
  const runtime: Runtime = await startRuntime(demoRuntimeOptions(config, clock));
  try {
    const slack = runtime.sandbox.slack!;
    const google = runtime.sandbox.google!;
    // Weeks pass in seconds here, so Slack's and Google's per-minute budgets are widened to match
    // (both emulators count them in real time, as the queues wait them out in real time).
    slack.limits.scale(20);
    google.quota.configure({ perUserPerMinute: google.quota.current.perUserPerMinute * 20, perProjectPerMinute: google.quota.current.perProjectPerMinute * 20 });
    const slackIds = seedEmulators(people, slack, google, { busyFrom: clock.now(), busyWeeks: 10, seed: 7 });
    say(`Seeded ${people.length} people in ${new Set(people.map((p) => p.team)).size} teams across ${new Set(people.map((p) => p.timezone)).size} time zones into the emulators`);
    const figures: DemoFigures = await runDemoStory({ runtime, clock, people, admin, slackIds, say });
    const slackSummary = slack.log.summary();
    const googleStats = google.stats();
    const keyOf = (m: { metadata?: { event_payload?: unknown } }) =>
      String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '');
    const messages = slack.log.messages();
    const answered = (actionId: string) =>
      slack.driver.sent.filter((i) => i.type === 'block_actions' && i.actionId === actionId && i.status === 200).length;
    // Counted from what the emulators saw, not from our own database.
    const fromEmulator = {
      slackPeople: slackSummary.people,
      invitesSent: messages.filter((m) => /^invite\/[^/]+\/message$/.test(keyOf(m))).length,
      answersAccepted: answered('invite_accept'),
      answersDeclined: answered('invite_decline'),
      answersNotThisTime: answered('invite_not_this_time'),
      leftFromHomeTab: answered('member_leave'),
      remindersSent: messages.filter((m) => /^invite\/.+\/reminder/.test(keyOf(m))).length,
      podGroupDms: slackSummary.groupDms,
    };
    const summary = {
      people: figures.people,
      teams: figures.teams,
      ...fromEmulator,
      launch: figures.launch,
      funnel: figures.extra,
      ...(figures.retro ? { retro: { pods: figures.retro.pods, answered: figures.retro.answered, continued: figures.retro.continued, closed: figures.retro.closed, consentedQuotes: figures.retro.consentedQuotes } } : {}),
      messagesSent: slackSummary.messages,
      dms: slackSummary.dmMessages,
      groupDms: slackSummary.groupDms,
      messageUpdates: slackSummary.messageUpdates,
      homeViewsPublished: slackSummary.homeViewsPublished,
      slackCalls: slackSummary.calls,
      slackRateLimited: slackSummary.rateLimited,
      googleRequests: googleStats.requests,
      ...(figures.rhythm ? { rhythm: figures.rhythm } : {}),
      eventsBooked: googleStats.eventsBooked,
      duplicatesFound: slackSummary.duplicateMessages + googleStats.duplicateBookings,
      calendar: figures.calendar,
      report: figures.report,
      elapsedMs: Date.now() - started,
    };
    say(`Done in ${(summary.elapsedMs / 1000).toFixed(1)} s. Slack saw ${summary.slackCalls} API calls, ${summary.messagesSent} messages, ${summary.duplicatesFound} duplicates.`);
    if (options.keepRunning) {
      say(`Still running: Slack request URL ${runtime.requestUrl}, Slack API ${slack.apiUrl}, Google ${google.rootUrl}. Ctrl-C to stop.`);
      console.log(JSON.stringify(summary));
      await untilInterrupted();
    } else {
      console.log(JSON.stringify(summary));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

/** The demo's settings: embedded defaults and the emulators, whatever live settings the shell has. */
export function demoConfig(adminEmail: string): Config {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !LIVE_SETTINGS.includes(key)));
  return parseConfig({ ...env, TEAM_SOURCE: 'usergroup', PEERPODS_ADMINS: adminEmail, QUEUE_PREFIX: 'demo' });
}

/** One process with everything: embedded Postgres (a fresh database), BullMQ on Postgres, app, workers, emulators. */
export function demoRuntimeOptions(config: Config, clock: Clock): RuntimeOptions {
  return {
    config,
    clock,
    roles: { app: true, workers: true },
    port: 0,
    log: silentLogger,
    embedded: { database: 'peerpods_demo', fresh: true },
    schedules: false,
    // Weeks pass in seconds: our own per-queue limiters are off, while the Slack emulator still
    // enforces (widened) tier limits with 429s, which the queues honour.
    ignoreLimiters: true,
    sandbox: { slack: { limitsDisabled: false } },
  };
}

/** --keep-running: serves until Ctrl-C (SIGINT) or SIGTERM; the caller then closes the runtime in order. */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function nextMonday(from: Date): Date {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 8, 0));
  const shift = (8 - day.getUTCDay()) % 7 || 7;
  return new Date(day.getTime() + shift * 86_400_000);
}
