import { parseConfig } from '../config.ts';
import { ManualClock } from '../platform/clock.ts';
import { silentLogger } from '../platform/logger.ts';
import { startRuntime, type Runtime } from '../platform/runtime.ts';
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
export async function demoCommand(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--keep-running');
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}. Usage: peerpods demo [--keep-running]`);
    return 2;
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !LIVE_SETTINGS.includes(key)));
  const people = demoOrganisation(120, 7);
  const admin = people[0]!;
  const config = parseConfig({ ...env, TEAM_SOURCE: 'usergroup', PEERPODS_ADMINS: admin.email, QUEUE_PREFIX: 'demo' });
  // The story runs over simulated weeks: the clock starts on a Monday morning and is moved on.
  const clock = new ManualClock(nextMonday(new Date()));
  const started = Date.now();
  say('peerpods demo: embedded Postgres, BullMQ on Postgres, Slack and Google emulators on 127.0.0.1');
  const runtime: Runtime = await startRuntime({
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
  });
  try {
    const slack = runtime.sandbox.slack!;
    const google = runtime.sandbox.google!;
    // Weeks pass in seconds here, so Slack's per-minute budgets are widened to match.
    slack.limits.scale(20);
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
    if (argv.includes('--keep-running')) {
      say(`Still running: Slack request URL ${runtime.requestUrl}, Slack API ${slack.apiUrl}, Google ${google.rootUrl}. Ctrl-C to stop.`);
      console.log(JSON.stringify(summary));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    } else {
      console.log(JSON.stringify(summary));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function nextMonday(from: Date): Date {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 8, 0));
  const shift = (8 - day.getUTCDay()) % 7 || 7;
  return new Date(day.getTime() + shift * 86_400_000);
}
