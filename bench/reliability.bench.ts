// A whole wave under trouble, with peerpods as deployed: the Bolt app and the workers each run as
// a process of their own (src/sandbox/process/, started like `peerpods start --app|--worker`),
// while this process holds the Slack and Google emulators, the load generator and the checks.
//
//   1. invites: 10% of the sends fail (429 + Retry-After, 500, dropped connections, "posted, then
//      the answer lost"); the worker process is SIGKILLed at random moments and restarted; a third
//      of the way through, this run's Redis keys are deleted with everything running, then every
//      Postgres connection to the database is terminated (what a restart looks like to clients).
//   2. answers under kills: some people accept or say "not this time" while the worker is killed.
//   3. load: signed interactions (accepts on real invites, app_home_opened) at `rate` a second for
//      `seconds` against the app process alone; p50/p99 of the ack latency as Slack's side sees it.
//   4. deadline and calendar under kills: the deadline passes, pods are confirmed (welcome group
//      DMs, sessions), each books its calendar series through outbox-google (10% Google faults).
// Checked against the emulators' own records: every invite sent exactly once, one welcome per
// confirmed pod, one calendar series per confirmed pod, no duplicate anywhere.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DateTime } from 'luxon';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { SANDBOX_SIGNING_SECRET, startRuntime, type Runtime } from '../src/platform/runtime.ts';
import { saveProgramme } from '../src/programmes/programme.service.ts';
import { reconcile } from '../src/reconcile/reconcile.service.ts';
import { spawnPeerProcess, type PeerProcess, type ProcessSpec } from '../src/sandbox/process/spawn.ts';
import { idempotencyKeyOf } from '../src/sandbox/slack/index.ts';
import { launchWave } from '../src/waves/launch.service.ts';
import { createDraftWave, previewWave } from '../src/waves/preview.service.ts';

export interface ReliabilityOptions {
  people: number;
  kills: number;
  /** Signed interactions a second against the app process. */
  rate: number;
  seconds: number;
}

export const DEFAULTS: ReliabilityOptions = { people: 2_000, kills: 20, rate: 200, seconds: 60 };

/** `--people=N --kills=N --rate=N --seconds=N` (RELIABILITY_PEOPLE still sets the size). */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ReliabilityOptions {
  const out = { ...DEFAULTS, ...(env.RELIABILITY_PEOPLE ? { people: Number(env.RELIABILITY_PEOPLE) } : {}) };
  for (const arg of argv) {
    const [flag, raw] = arg.replace(/^--/, '').split('=', 2) as [string, string | undefined];
    if (!(flag in out)) throw new Error(`Unknown option ${arg}. Options: --people=N --kills=N --rate=N --seconds=N`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${arg}: expected a whole number`);
    out[flag as keyof ReliabilityOptions] = n;
  }
  if (out.people < 20) throw new Error('--people must be at least 20');
  return out;
}

const FAULT_RATE = 0.1;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The schedule keeper's period here (30 s in production), so a flush is noticed quickly. */
const KEEP_EVERY_MS = 5_000;
/** A killed worker's jobs come back after its lock lapses (30 s by default). */
const WORKER_SETTINGS = { lockDuration: 5_000, stalledInterval: 2_500 };

async function admin<T = unknown>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await sleep(200);
  }
  return true;
}

/** The worker process, killed with SIGKILL and restarted on demand. */
class KilledWorker {
  kills = 0;
  readonly restartMs: number[] = [];
  current!: PeerProcess;
  constructor(private readonly spawn: () => PeerProcess) {}

  async start(): Promise<void> {
    this.current = this.spawn();
    await this.current.ready;
  }

  async killAndRestart(): Promise<void> {
    await this.current.kill();
    this.kills++;
    const started = Date.now();
    await this.start();
    this.restartMs.push(Date.now() - started);
  }

  /** Kills at random moments (0.3–3 s after the last restart) until `done` or `quota` kills. */
  async during(done: () => Promise<boolean>, quota: number): Promise<number> {
    let n = 0;
    while (n < quota && !(await done())) {
      const end = Date.now() + 300 + Math.random() * 2_700;
      while (Date.now() < end) await sleep(Math.min(100, Math.max(0, end - Date.now())));
      if (await done()) break;
      await this.killAndRestart();
      n++;
    }
    return n;
  }
}

export async function run(options: ReliabilityOptions = DEFAULTS, log: (line: string) => void = console.log) {
  const { people: PEOPLE } = options;
  const dbName = `peerpods_bench_rel_${randomBytes(4).toString('hex')}`;
  const prefix = `benchrel${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const env = { NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', HEALTH_PORT: '0' };
  const redis = new Redis(REDIS_URL);
  // This process: the database (migrated), the emulators, no app and no workers.
  const rt: Runtime = await startRuntime({
    config: parseConfig(env), roles: { app: false, workers: false }, log: silentLogger,
    sandbox: { slack: { limitsDisabled: true } },
  });
  const slack = rt.sandbox.slack!;
  const google = rt.sandbox.google!;
  const emulators = { slack: { apiUrl: slack.apiUrl, botToken: slack.botToken }, google: { rootUrl: google.rootUrl } };
  const spec = (roles: ProcessSpec['roles']): ProcessSpec => ({
    roles, emulators, port: 0, ignoreLimiters: true, schedules: { keepEveryMs: KEEP_EVERY_MS }, workerSettings: WORKER_SETTINGS,
  });
  const app = spawnPeerProcess(spec({ app: true, workers: false }), env);
  const worker = new KilledWorker(() => spawnPeerProcess(spec({ app: false, workers: true }), env));
  try {
    const [{ requestUrl }] = await Promise.all([app.ready, worker.start()]);
    slack.driver.configure({ requestUrl: requestUrl!, signingSecret: SANDBOX_SIGNING_SECRET });
    log(`app process ${app.child.pid} at ${requestUrl}; worker process ${worker.current.child.pid}`);

    // The organisation: teams of 5, one Slack account each.
    const everyone: { slackId: string; personId: string }[] = [];
    for (let t = 0; everyone.length < PEOPLE; t++) {
      const team = await rt.db.insertInto('team').values({ name: `Team ${t + 1}`, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
      const rows = [];
      for (let i = 0; i < 5 && everyone.length + rows.length < PEOPLE; i++) {
        const email = `p${t}-${i}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${t}-${i}`, tz: 'Europe/London' });
        rows.push({ email, name: `Person ${t}-${i}`, slack_user_id: user.id, timezone: 'Europe/London', team_id: team.id });
      }
      const inserted = await rt.db.insertInto('person').values(rows as never).returning(['id', 'slack_user_id']).execute();
      for (const row of inserted) everyone.push({ slackId: row.slack_user_id!, personId: row.id });
    }
    const now = rt.clock.now();
    const programme = await saveProgramme(rt.db, { name: 'Bench' }, { personId: null, slackUserId: null }, now);
    const start = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((r) => r.id);
    const draft = await createDraftWave(rt.db, { programmeId: programme.id, teamIds, startWeek: start.toISODate()!, inviteDeadline: start.minus({ days: 3 }).toISODate()! }, null, now);
    const previewStarted = Date.now();
    await previewWave(rt, draft.id, now);
    log(`previewed ${PEOPLE} people in ${Date.now() - previewStarted} ms`);

    // ---- 1. invites, under faults, kills, a Redis flush and dropped Postgres connections
    const faults = Math.round(PEOPLE * FAULT_RATE);
    for (let i = 0; i < faults; i++) {
      const kind = i % 4;
      if (kind === 0) slack.faults.inject('chat.postMessage', '429', 1, 1);
      else if (kind === 1) slack.faults.inject('chat.postMessage', '500');
      else if (kind === 2) slack.faults.inject('chat.postMessage', 'drop');
      else slack.faults.injectAfterEffect('chat.postMessage', 'drop');
    }
    const launched = await launchWave(rt, draft.id, { personId: null, slackUserId: null });
    log(`launched: ${launched.invites} invites in ${launched.pods} pods; ${faults} Slack faults planned on chat.postMessage`);
    const inviteKeys = new Set((await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', 'invite/%/message').execute()).map((r) => r.idempotency_key));
    const sentInvites = () => new Set(slack.log.messages().map(idempotencyKeyOf).filter((k): k is string => !!k && inviteKeys.has(k))).size;
    const dueOutbox = async () => Number((await rt.db.selectFrom('outbox').select(({ fn }) => fn.countAll<number>().as('n'))
      .where('state', '=', 'pending').where('not_before', '<=', new Date()).executeTakeFirstOrThrow()).n);

    // Kills per phase, cumulative: a phase that ends before its share passes the rest on.
    const upTo = (share: number) => Math.max(0, Math.round(options.kills * share) - worker.kills);
    await worker.during(async () => sentInvites() >= inviteKeys.size / 3, upTo(0.4));
    await until(() => sentInvites() >= inviteKeys.size / 3, 600_000);
    let cursor = '0';
    let flushed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) flushed += await redis.del(...keys);
    } while (cursor !== '0');
    const flushedAt = Date.now();
    log(`after ${worker.kills} kills: flushed ${flushed} Redis keys with ${sentInvites()} of ${inviteKeys.size} invites sent`);
    const [{ n: terminated }] = await admin<{ n: number }>('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]) as [{ n: number }];
    await sleep(1_000);
    const healthy = async (u: string | undefined) => (u ? await fetch(u).then((r) => r.status, () => 0) : 0) === 200;
    const appHealth = new URL('/healthz', requestUrl!).href;
    const workerHealthy = async () => healthy((await worker.current.ready).healthUrl);
    const pgRecovered = await until(async () => (await healthy(appHealth)) && (await workerHealthy()), 30_000);
    const pgRestartRecovered = terminated > 0 && pgRecovered && app.child.exitCode === null && worker.current.child.exitCode === null;
    log(`terminated ${terminated} Postgres connections; app and worker /healthz ${pgRestartRecovered ? '200, both processes still up' : 'NOT recovered'}`);
    // No kills until everything the flush took is rebuilt: this measures the keeper and the tick.
    const recoveredAfterFlush = await until(() => sentInvites() === inviteKeys.size, 180_000);
    const flushRecoveredMs = recoveredAfterFlush ? Date.now() - flushedAt : null;
    log(`invites sent ${sentInvites()} of ${inviteKeys.size}, ${flushRecoveredMs} ms after the flush`);

    // ---- 2. answers while the worker is killed
    const invites = await rt.db.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id')
      .select(['invite.id', 'person.slack_user_id as slackId']).where('invite.wave_id', '=', draft.id).orderBy('invite.id').execute();
    const messageOf = new Map(slack.log.messages().flatMap((m) => {
      const key = idempotencyKeyOf(m);
      return key && inviteKeys.has(key) ? [[key, { channel: m.channel, ts: m.ts }] as const] : [];
    }));
    const targets = invites.map((i) => ({ ...i, message: messageOf.get(`invite/${i.id}/message`)! }));
    // A tenth never answer (their invites expire), a tenth say "not this time", the rest accept:
    // a fifth of them now, under kills, the others during the load test.
    const silent = targets.filter((_, i) => i % 10 === 9);
    const notNow = targets.filter((_, i) => i % 10 === 8);
    const acceptNow = targets.filter((_, i) => i % 10 < 2);
    const acceptLater = targets.filter((_, i) => i % 10 >= 2 && i % 10 < 8);
    const answerErrors: string[] = [];
    let answering = true;
    const answers = (async () => {
      const clicks = [...notNow.map((t) => ({ actionId: 'invite_not_this_time', t })), ...acceptNow.map((t) => ({ actionId: 'invite_accept', t }))];
      for (const [i, { actionId, t }] of clicks.entries()) {
        const result = await slack.driver.clickButton({ userId: t.slackId!, actionId, message: t.message }).catch((e: unknown) => ({ status: -1, body: String(e) }));
        if (result.status !== 200) answerErrors.push(`${actionId}: ${result.status}`);
        if (i % 25 === 24) await sleep(500);
      }
      answering = false;
    })();
    await worker.during(async () => !answering && (await dueOutbox()) === 0, upTo(0.6));
    await answers;
    await until(async () => (await dueOutbox()) === 0, 300_000);
    log(`answered under kills: ${notNow.length} "not this time", ${acceptNow.length} accepts (${answerErrors.length} not acknowledged); ${worker.kills} kills so far`);

    // ---- 3. load against the app process alone: no kills while measured
    const total = options.rate * options.seconds;
    const results: { status: number; latencyMs: number }[] = [];
    const generatorErrors: string[] = [];
    const pending: Promise<void>[] = [];
    const queue = [...acceptLater];
    // This process's own event-loop delay during the load: a busy generator inflates what it measures.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const loadStarted = Date.now();
    for (let i = 0; i < total; i++) {
      const due = loadStarted + (i * 1_000) / options.rate;
      if (due > Date.now()) await sleep(due - Date.now());
      // Accepts spread over the whole run; app_home_opened for everyone else.
      const accept = queue.length > 0 && Math.random() < queue.length / (total - i);
      const who = accept ? queue.shift()! : targets[Math.floor(Math.random() * targets.length)]!;
      let request: Promise<{ status: number; latencyMs: number }>;
      try {
        request = accept
          ? slack.driver.clickButton({ userId: who.slackId!, actionId: 'invite_accept', message: who.message })
          : slack.driver.openHome(who.slackId!);
      } catch (error) {
        generatorErrors.push(String(error));
        continue;
      }
      pending.push(request.then((r) => void results.push(r), (e: unknown) => void generatorErrors.push(String(e))));
    }
    await Promise.all(pending);
    const loadSeconds = (Date.now() - loadStarted) / 1_000;
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
    const errors = results.filter((r) => r.status !== 200).length;
    lag.disable();
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const generatorLagP99Ms = round(lag.percentile(99) / 1e6);
    log(`load: ${results.length} signed interactions in ${loadSeconds.toFixed(1)} s (${options.rate}/s planned), ${acceptLater.length} of them accepts; ${errors} errors (statuses ${JSON.stringify(statuses)}), ${generatorErrors.length} generator errors; generator event-loop delay p99 ${generatorLagP99Ms} ms`);
    await until(async () => (await dueOutbox()) === 0, 300_000);

    // ---- 4. the deadline passes: confirmations, welcomes, sessions, calendar series, under kills
    const googleFaults = Math.round(launched.pods * FAULT_RATE);
    for (let i = 0; i < googleFaults; i++) {
      const kind = i % 3;
      if (kind === 0) google.faults.inject('calendar.events.insert', '500');
      else if (kind === 1) google.faults.inject('calendar.events.insert', 'drop');
      else google.faults.injectAfterEffect('calendar.events.insert', 'drop');
    }
    await rt.db.updateTable('wave').set({ invite_deadline: new Date(Date.now() - 1_000) }).where('id', '=', draft.id).execute();
    await reconcile(rt);
    const closed = async () => (await rt.db.selectFrom('wave').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status !== 'inviting';
    await worker.during(closed, upTo(0.7));
    await until(closed, 600_000);
    log(`deadline closed; ${worker.kills} kills so far`);
    const settled = async () => (await dueOutbox()) === 0;
    await worker.during(settled, options.kills - worker.kills);
    await until(async () => {
      if (!(await settled())) return false;
      await reconcile(rt); // what the tick would do: nothing due may be left without a job
      return settled();
    }, 600_000);

    // ---- checks, from the emulators' own records
    const perKey = new Map<string, number>();
    for (const m of slack.log.messages()) {
      const key = idempotencyKeyOf(m);
      if (key) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    const confirmed = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', draft.id).where('confirmed_at', 'is not', null).execute()).map((p) => p.id);
    const welcomeKeys = confirmed.map((id) => `pod/${id}/intro`);
    const series = await rt.db.selectFrom('outbox').select('payload').where('kind', '=', 'google.series.insert').execute();
    const seriesIds = series.map((r) => (r.payload as { event: { eventId: string } }).event.eventId);
    const inserted = new Map<string, number>();
    for (const call of google.log.succeeded('calendar.events.insert')) {
      const id = (call.body as { id?: string } | undefined)?.id ?? '';
      inserted.set(id, (inserted.get(id) ?? 0) + 1);
    }
    const stored = new Map<string, number>();
    for (const record of google.calendars.records()) stored.set(record.event.id ?? '', (stored.get(record.event.id ?? '') ?? 0) + 1);
    const unfinished = await rt.db.selectFrom('outbox').select(['kind', 'state', 'last_error']).where((eb) => eb.or([eb('state', '=', 'failed'), eb.and([eb('state', '=', 'pending'), eb('not_before', '<=', new Date())])])).execute();
    const missing = {
      invites: [...inviteKeys].filter((k) => !perKey.has(k)).length,
      welcomes: welcomeKeys.filter((k) => !perKey.has(k)).length,
      series: seriesIds.filter((id) => !stored.has(id)).length,
      seriesForPods: confirmed.length - series.length,
      outboxNotDelivered: unfinished.length,
    };
    const twice = {
      invites: [...inviteKeys].filter((k) => (perKey.get(k) ?? 0) > 1).length,
      welcomes: welcomeKeys.filter((k) => (perKey.get(k) ?? 0) > 1).length,
      seriesInserted: [...inserted.values()].filter((n) => n > 1).length,
      seriesStored: [...stored.values()].filter((n) => n > 1).length,
      slackMessages: slack.log.duplicates().length,
      calendarEvents: google.duplicates().length,
    };
    log(`confirmed ${confirmed.length} pods: welcomes ${welcomeKeys.filter((k) => perKey.has(k)).length}, calendar series ${seriesIds.filter((id) => stored.has(id)).length}; missing ${JSON.stringify(missing)}; twice ${JSON.stringify(twice)}`);
    if (unfinished.length) log(`not delivered: ${JSON.stringify(unfinished.slice(0, 5))}`);
    log(`worker restarts took ${JSON.stringify(worker.restartMs)} ms`);
    return {
      kills: worker.kills,
      lost: Object.values(missing).reduce((a, b) => a + Math.max(0, b), 0),
      duplicated: Object.values(twice).reduce((a, b) => a + b, 0),
      flushRecoveredMs,
      pgRestartRecovered,
      faultRate: FAULT_RATE,
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      errors: errors + generatorErrors.length,
      people: PEOPLE,
      invites: inviteKeys.size,
      podsConfirmed: confirmed.length,
      welcomes: welcomeKeys.length,
      calendarSeries: seriesIds.length,
      answersUnderKills: notNow.length + acceptNow.length,
      answerErrors: answerErrors.length,
      load: { rate: options.rate, seconds: options.seconds, requests: results.length, accepts: acceptLater.length, tookSeconds: round(loadSeconds), generatorLagP99Ms },
      keeperEveryMs: KEEP_EVERY_MS,
      workerLockMs: WORKER_SETTINGS.lockDuration,
      silent: silent.length,
    };
  } finally {
    await app.kill().catch(() => undefined);
    await worker.current?.kill().catch(() => undefined);
    await rt.close();
    await redis.quit();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
