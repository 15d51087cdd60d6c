import { LogLevel, type WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { SANDBOX_ADMIN, type GoogleConnection } from '../google/auth.ts';
import { migrateToLatest } from '../migrate.ts';
import { PacedWebClient } from '../outbox/paced-slack-client.ts';
import { MemoryPaceStore, PUBLISHED_PACE, RedisPaceStore, type SlackPaceRules } from '../outbox/slack-pace.ts';
import { createQueueBackend, type QueueBackend } from '../queue/backend.ts';
import type { JobDeps } from '../queue/deps.ts';
import { createEnqueue, type Enqueue } from '../queue/enqueue.ts';
import { redisLiveJobs, type LiveJobs } from '../queue/live-jobs.ts';
import { startWorkers, type WorkerHandles } from '../queue/workers.ts';
import type { WorkerSettings } from '../queue/backend.ts';
import { queues, type Queues } from '../queues.ts';
import type { GoogleEmulator, GoogleEmulatorOptions } from '../sandbox/google/emulator.ts';
import type { SlackEmulator, SlackEmulatorOptions } from '../sandbox/slack/index.ts';
import type { SlackApp } from '../slack/app.ts';
import type { AppContext } from '../slack/context.ts';
import { systemClock, type Clock } from './clock.ts';
import { openDatabase } from './database.ts';
import { checkHealth, healthHandler, startHealthServer } from './health.ts';
import { createLogger, type Logger } from './logger.ts';
import { installSchedules, keepSchedules } from './schedules.ts';

/** The sandbox app's signing secret: requests are signed by the emulator's driver with it. */
export const SANDBOX_SIGNING_SECRET = 'peerpods-sandbox-signing-secret';

export interface RuntimeOptions {
  config: Config;
  roles: { app: boolean; workers: boolean };
  clock?: Clock;
  log?: Logger;
  /** Port for the Slack app's HTTP receiver; 0 picks a free one. Default: config.PORT. */
  port?: number;
  sandbox?: { slack?: SlackEmulatorOptions; google?: GoogleEmulatorOptions };
  /**
   * Emulators already running in another process (the crash test and the reliability bench run
   * the app and the workers as processes of their own): used instead of starting local ones.
   */
  emulators?: SandboxEndpoints;
  /** Skip the queues' own limiters (tests and the demo measure the emulator's 429s instead). */
  ignoreLimiters?: boolean;
  /** Per-queue limiter replacements (benchmarks on a scaled clock). */
  limiters?: Record<string, { max: number; duration: number }>;
  /**
   * The limits the workers' Slack client paces itself to (src/outbox/slack-pace.ts). Default:
   * Slack's published ones, or none with ignoreLimiters (tests and the demo meet the emulator's
   * 429s on purpose); a benchmark on a scaled clock passes them scaled.
   */
  slackPace?: SlackPaceRules | false;
  /** For the embedded Postgres: which database, and whether to start it empty. */
  embedded?: { database?: string; fresh?: boolean };
  /** A worker-only process serves GET /healthz on this port (the app serves it on its own port). */
  healthPort?: number;
  /**
   * Install the recurring job schedulers (reconcile tick, roster sync) and keep them installed
   * (checked every `keepEveryMs`, default 30 s, so a flushed Redis gets them back). Default: with workers.
   */
  schedules?: boolean | { keepEveryMs: number };
  /** Extra BullMQ settings for every worker (e.g. a short lockDuration where workers are killed on purpose). */
  workerSettings?: WorkerSettings;
  /**
   * How long a Slack or Google call may hang before it fails as transient (default 15 s Slack,
   * 30 s Google); the reliability bench shortens it so each held answer costs seconds, not half a minute.
   */
  apiTimeoutMs?: number;
}

/** Where a sandbox process's emulators answer: enough for another process to use them. */
export interface SandboxEndpoints {
  slack?: { apiUrl: string; botToken: string };
  google?: { rootUrl: string };
}

export interface Runtime {
  config: Config;
  db: Db;
  databaseUrl: string;
  clock: Clock;
  log: Logger;
  backend: QueueBackend;
  enqueue: Enqueue<Queues>;
  /** The bot's Web API client for workers: no SDK retries, 429s thrown to the queue. */
  slack: WebClient;
  google: GoogleConnection;
  /** Which queued jobs still exist (Redis backend): the reconciler re-enqueues only the rest. */
  liveJobs?: LiveJobs;
  sandbox: { slack?: SlackEmulator; google?: GoogleEmulator };
  app?: SlackApp;
  /** Where Slack sends interactions and events (the emulator's driver is pointed here). */
  requestUrl?: string;
  /** A worker-only process's /healthz (when started with healthPort). */
  healthUrl?: string;
  workers?: WorkerHandles;
  deps: JobDeps;
  close(): Promise<void>;
}

/**
 * Brings up one peerpods process: database (embedded when DATABASE_URL is unset), migrations,
 * queues (Redis or Postgres), Slack and Google (the emulators unless credentials are set), and
 * the app and/or the workers. Everything started is stopped by close(), in reverse order.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((e: unknown) => log.warn('close failed', { error: String(e) }));
  };
  try {
    const database = await openDatabase(config, (line) => log.debug(line), options.embedded);
    closers.push(() => database.close());
    await migrateToLatest(database.db);

    const sandbox: Runtime['sandbox'] = {};
    let token = config.SLACK_BOT_TOKEN;
    let slackApiUrl = config.SLACK_API_URL;
    if (config.slackMode === 'sandbox' && options.emulators?.slack) {
      token = options.emulators.slack.botToken;
      slackApiUrl = options.emulators.slack.apiUrl;
    } else if (config.slackMode === 'sandbox') {
      const { startSlackEmulator } = await import('../sandbox/slack/index.ts');
      // Message timestamps follow the service clock (moved in the demo); rate windows follow
      // real time, or a clock that stands still would keep a window shut for ever.
      sandbox.slack = await startSlackEmulator({ now: () => clock.now().getTime(), rateClock: Date.now, ...options.sandbox?.slack });
      closers.push(() => sandbox.slack!.close());
      token = sandbox.slack.botToken;
      slackApiUrl = sandbox.slack.apiUrl;
    }
    const timeout = options.apiTimeoutMs !== undefined ? { timeoutMs: options.apiTimeoutMs } : {};
    let google: GoogleConnection;
    if (config.googleMode === 'sandbox' && options.emulators?.google) {
      google = { mode: 'sandbox', rootUrl: options.emulators.google.rootUrl, ...timeout };
    } else if (config.googleMode === 'sandbox') {
      const { startGoogleEmulator } = await import('../sandbox/google/emulator.ts');
      // Quotas run in real time, as Slack's rate windows do: the app waits them out in real time.
      sandbox.google = await startGoogleEmulator({ now: () => clock.now().getTime(), rateClock: Date.now, ...options.sandbox?.google });
      closers.push(() => sandbox.google!.close());
      google = { mode: 'sandbox', rootUrl: sandbox.google.rootUrl, ...timeout };
      // The calendar that holds pod events (the organiser: a Workspace user in production).
      sandbox.google.calendars.ensureCalendar((config.GOOGLE_CALENDAR_ORGANIZER ?? SANDBOX_ADMIN).toLowerCase());
    } else {
      google = {
        mode: 'workspace',
        clientEmail: config.GOOGLE_SERVICE_ACCOUNT_EMAIL!,
        privateKey: config.GOOGLE_PRIVATE_KEY!.replace(/\\n/g, '\n'),
        adminEmail: config.GOOGLE_ADMIN_EMAIL!,
        ...timeout,
      };
    }

    const backend = await createQueueBackend({ redisUrl: config.REDIS_URL, databaseUrl: database.url, prefix: config.QUEUE_PREFIX });
    closers.push(() => backend.close());
    const enqueue = createEnqueue(backend, queues);
    const paceRules = options.slackPace ?? (options.ignoreLimiters ? false : PUBLISHED_PACE);
    let paceStore: RedisPaceStore | MemoryPaceStore = new MemoryPaceStore();
    let liveJobs: LiveJobs | undefined;
    if (config.REDIS_URL) {
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
      closers.push(async () => void (await redis.quit()));
      // Every worker process of this install shares one budget, as Slack counts it.
      paceStore = new RedisPaceStore(redis, `${backend.namespace}:slack-pace:`);
      liveJobs = redisLiveJobs(backend, redis);
    }
    const slack = new PacedWebClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: options.apiTimeoutMs ?? 15_000,
      // Failures are the queue's to log (on the final attempt), not the SDK's on every try.
      logLevel: LogLevel.ERROR,
    }, { rules: paceRules || { methods: {}, perChannel: PUBLISHED_PACE.perChannel }, store: paceStore });
    const deps: JobDeps = { db: database.db, clock, log: log, enqueue, slack, google, config, ...(liveJobs ? { liveJobs } : {}) };

    const runtime: Runtime = {
      config, db: database.db, databaseUrl: database.url, clock, log, backend, enqueue, slack, google, sandbox, deps, close,
      ...(liveJobs ? { liveJobs } : {}),
    };
    // Each role loads only its own code: a worker process never loads Bolt and the listeners, the
    // app never loads the processors (start-up time is restart time after a crash).
    if (options.roles.workers) {
      const { processors } = await import('../../jobs/index.ts');
      runtime.workers = startWorkers(backend, deps, {
        queues, processors, ignoreLimiters: options.ignoreLimiters ?? false, log: log,
        ...(options.limiters ? { limiters: options.limiters } : {}),
        ...(options.workerSettings ? { workerSettings: options.workerSettings } : {}),
      });
      closers.push(() => runtime.workers!.close());
      const schedules = options.schedules ?? true;
      if (schedules) {
        await installSchedules(backend, config);
        const keeper = keepSchedules(backend, config, log, typeof schedules === 'object' ? schedules.keepEveryMs : undefined);
        closers.push(async () => keeper.stop());
      }
    }
    if (!options.roles.app && options.healthPort !== undefined) {
      const server = await startHealthServer(options.healthPort, config.slackMode === 'sandbox' ? '127.0.0.1' : undefined,
        () => checkHealth({ db: database.db, backend, workers: runtime.workers }));
      closers.push(() => new Promise((resolve) => server.close(resolve)));
      const address = server.address();
      if (address && typeof address === 'object') runtime.healthUrl = `http://127.0.0.1:${address.port}/healthz`;
    }
    if (options.roles.app) {
      const [{ createSlackApp }, { reportRoutes }] = await Promise.all([import('../slack/app.ts'), import('../reports/report-routes.ts')]);
      const ctx: AppContext = { db: database.db, config, clock, enqueue, log, google };
      const health = () => checkHealth({ db: database.db, backend, workers: runtime.workers });
      runtime.app = createSlackApp(ctx, {
        token: token!,
        signingSecret: config.SLACK_SIGNING_SECRET ?? SANDBOX_SIGNING_SECRET,
        ...(slackApiUrl ? { slackApiUrl } : {}),
        ...(config.SLACK_SOCKET_MODE && config.SLACK_APP_TOKEN ? { socketMode: { appToken: config.SLACK_APP_TOKEN } } : {}),
        customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void healthHandler(health, res) }, ...reportRoutes(ctx)],
      });
      // The sandbox (demo, tests) answers on loopback only: its emulators hold a whole fake org.
      const host = config.slackMode === 'sandbox' ? '127.0.0.1' : undefined;
      runtime.requestUrl = await runtime.app.start(options.port ?? config.PORT, host);
      closers.push(() => runtime.app!.stop());
      // Without PUBLIC_URL (never in production), links to the app's own pages (the HR report)
      // point at where it listens; the config object is shared with the listeners and workers.
      if (!config.PUBLIC_URL && runtime.requestUrl) (config as { PUBLIC_URL?: string }).PUBLIC_URL = new URL(runtime.requestUrl).origin;
      if (sandbox.slack && runtime.requestUrl) {
        sandbox.slack.driver.configure({ requestUrl: runtime.requestUrl, signingSecret: SANDBOX_SIGNING_SECRET });
      }
    }
    return runtime;
  } catch (error) {
    await close();
    throw error;
  }
}

declare module '../queue/deps.ts' {
  interface JobDeps {
    config: Config;
    google: GoogleConnection;
    liveJobs?: LiveJobs;
  }
}
