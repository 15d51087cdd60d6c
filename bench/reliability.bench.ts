// A whole wave under trouble, with peerpods as deployed: the Bolt app and the workers each run as
// a process of their own (src/sandbox/process/, started like `peerpods start --app|--worker`),
// the load generator in a third (bench/load-generator.ts), while this process holds the Slack and
// Google emulators, a Postgres of its own (embedded, so it can really be restarted) and the checks.
// From launch to the last calendar series, 10% of ALL Slack and Google calls fail (429 with
// Retry-After, 500, timeouts, dropped connections, and "did it, lost the answer").
//
//   1. invites: the worker process is SIGKILLed whenever the invites sent (as the Slack emulator
//      records them) pass one of a set of random milestones, and restarted; a third of the way
//      through, this run's Redis keys are deleted with everything running, then Postgres is
//      restarted (fast shutdown: every session ends, then the server comes back).
//   2. answers under kills: some people accept or say "not this time"; kills on click milestones.
//   3. load: signed interactions (accepts on real invites, app_home_opened) at `rate` a second for
//      `seconds` against the app process alone, from the generator's process; no kills meanwhile.
//   4. deadline and calendar under kills: the deadline passes, pods are confirmed (welcome group
//      DMs, sessions), each books its calendar series; kills on delivery milestones.
// Checked against the emulators' own records: every invite sent exactly once, one welcome per
// confirmed pod, one calendar series per confirmed pod, no duplicate anywhere.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DateTime } from 'luxon';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/embedded-postgres.ts';
import { SANDBOX_SIGNING_SECRET, startRuntime, type Runtime } from '../src/platform/runtime.ts';
import { saveProgramme } from '../src/programmes/programme.service.ts';
import { outboxQueueOf } from '../src/outbox/outbox.service.ts';
import { jobId } from '../src/queue/job-id.ts';
import { reconcile } from '../src/reconcile/reconcile.service.ts';
import { spawnPeerProcess, type PeerProcess, type ProcessSpec } from '../src/sandbox/process/spawn.ts';
import type { RandomFaults } from '../src/sandbox/faults.ts';
import { idempotencyKeyOf } from '../src/sandbox/slack/index.ts';
import { launchWave } from '../src/waves/launch.service.ts';
import { createDraftWave, previewWave } from '../src/waves/preview.service.ts';
import type { GeneratorInput, GeneratorResult } from './load-generator.ts';

export interface ReliabilityOptions {
  people: number;
  kills: number;
  /** Signed interactions a second against the app process. */
  rate: number;
  seconds: number;
  /** Kept-alive connections the load generator opens before its clock starts (and uses at most). */
  connections: number;
}

export const DEFAULTS: ReliabilityOptions = { people: 2_000, kills: 20, rate: 200, seconds: 60, connections: 64 };

/** `--people=N --kills=N --rate=N --seconds=N --connections=N` (RELIABILITY_PEOPLE still sets the size). */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ReliabilityOptions {
  const out = { ...DEFAULTS, ...(env.RELIABILITY_PEOPLE ? { people: Number(env.RELIABILITY_PEOPLE) } : {}) };
  for (const arg of argv) {
    const [flag, raw] = arg.replace(/^--/, '').split('=', 2) as [string, string | undefined];
    if (!(flag in out)) throw new Error(`Unknown option ${arg}. Options: --people=N --kills=N --rate=N --seconds=N --connections=N`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${arg}: expected a whole number`);
    out[flag as keyof ReliabilityOptions] = n;
  }
  if (out.people < 20) throw new Error('--people must be at least 20');
  if (out.connections < 1) throw new Error('--connections must be at least 1');
  return out;
}

/** What the bench promises; run-reliability.ts exits 1 naming each one that does not hold. */
export const TARGETS = { flushRecoveredMs: 120_000, ackP99Ms: 100 };

const FAULT_RATE = 0.1;
/** Every kind of failure, drawn evenly: four that fail the call, two that do it and lose the answer. */
const FAULTS: Omit<RandomFaults, 'rate'> = { kinds: ['429', '500', 'timeout', 'drop'], afterEffectKinds: ['timeout', 'drop'], retryAfterSeconds: 1 };
/** A held answer fails the call after this long (15 s for Slack, 30 s for Google otherwise). */
const API_TIMEOUT_MS = 3_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The schedule keeper's period here (30 s in production), so a flush is noticed quickly. */
const KEEP_EVERY_MS = 5_000;
/** A killed worker's jobs come back after its lock lapses (30 s by default). */
const WORKER_SETTINGS = { lockDuration: 5_000, stalledInterval: 2_500 };
const ZONES = ['Europe/London', 'Europe/Berlin', 'Europe/Athens', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Tokyo',
  'Australia/Brisbane', 'Pacific/Noumea', 'Pacific/Auckland', 'Pacific/Honolulu', 'America/Los_Angeles', 'America/Denver', 'America/Chicago',
  'America/New_York', 'America/Sao_Paulo', 'Atlantic/Azores'];
const GENERATOR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator.ts');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');

/** Polls `check` (a failing check, e.g. while Postgres restarts, counts as not yet) until true or timeout. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > end) return false;
    await sleep(200);
  }
  return true;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A thrown request failure by its cause's code (fetch wraps ECONNREFUSED and the like), so one cause counts once. */
function failureName(e: unknown): string {
  const cause = (e as { cause?: { code?: string; name?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.name ?? (e instanceof Error ? e.name : 'error');
}

/** `count` random milestones in [lo, hi), ascending. */
function milestones(count: number, lo: number, hi: number): number[] {
  return Array.from({ length: count }, () => lo + Math.random() * (hi - lo)).sort((a, b) => a - b);
}

/**
 * The bench's Postgres: by default a cluster of its own (embedded-postgres in a temporary
 * folder), which the bench really restarts. With BENCH_DATABASE_URL it uses that server instead
 * (shared with others, so it is not restarted: every connection to the bench's database is
 * terminated, which is what a restart looks like to clients).
 */
async function benchPostgres(log: (line: string) => void): Promise<{ adminUrl: string; restart: (dbName: string) => Promise<string>; close: () => Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) {
    const adminUrl = process.env.BENCH_DATABASE_URL;
    return {
      adminUrl,
      restart: async (dbName) => {
        const rows = await admin<{ n: number }>(adminUrl, 'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
        return `terminated ${rows[0]?.n ?? 0} connections on the shared server (BENCH_DATABASE_URL)`;
      },
      close: async () => undefined,
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'peerpods-bench-rel-pg-'));
  const port = await freePort();
  const started = Date.now();
  let server: EmbeddedDatabase;
  try {
    server = await startEmbeddedPostgres({ dir, port, database: 'postgres' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  log(`own Postgres (embedded-postgres) on 127.0.0.1:${port} in ${Date.now() - started} ms`);
  return {
    adminUrl: server.url,
    restart: async () => {
      const t = Date.now();
      await server.restart!();
      return `restarted the bench's own Postgres (fast shutdown, start) in ${Date.now() - t} ms`;
    },
    close: async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin<T = unknown>(adminUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The worker process, killed with SIGKILL and restarted on demand. */
class KilledWorker {
  kills = 0;
  readonly restartMs: number[] = [];
  readonly killedAt: string[] = [];
  current!: PeerProcess;
  constructor(private readonly spawn: () => PeerProcess) {}

  async start(): Promise<void> {
    this.current = this.spawn();
    await this.current.ready;
  }

  async killAndRestart(where: string): Promise<void> {
    await this.current.kill();
    this.kills++;
    this.killedAt.push(where);
    const started = Date.now();
    await this.start();
    this.restartMs.push(Date.now() - started);
  }

  /**
   * Kills each time `progress()` passes the next of `marks`, while `unfinished()`; after a restart
   * the new worker gets 0.3–1.5 s of work before it may be killed again. Returns how many kills.
   * Tying kills to progress rather than to guessed times keeps them all inside the work however
   * fast or slow the machine is.
   */
  async atMilestones(phase: string, marks: number[], progress: () => Promise<number> | number, unfinished: () => Promise<boolean>, timeoutMs = 600_000): Promise<number> {
    let n = 0;
    const end = Date.now() + timeoutMs;
    for (const mark of marks) {
      let at = 0;
      while ((at = await Promise.resolve().then(progress).catch(() => -1)) < mark) {
        if (!(await unfinished().catch(() => true)) || Date.now() > end) return n;
        await sleep(100);
      }
      if (!(await unfinished().catch(() => true))) return n;
      await this.killAndRestart(`${phase} at ${Math.round(at)}`);
      n++;
      await sleep(300 + Math.random() * 1_200);
    }
    return n;
  }
}

/**
 * Forks the load generator with its input and waits until it has loaded (its start-up is not in
 * the measurement); `go()` starts the load and resolves to what it measured.
 */
async function startGenerator(input: GeneratorInput): Promise<{ go(): Promise<GeneratorResult> }> {
  const child = fork(GENERATOR, [JSON.stringify(input)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let result: (r: GeneratorResult) => void = () => {};
  let failed: (e: Error) => void = () => {};
  const done = new Promise<GeneratorResult>((resolve, reject) => {
    result = resolve;
    failed = reject;
  });
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: { type?: string; result?: GeneratorResult }) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'result') result(message.result!);
    });
  });
  child.once('exit', (code) => failed(new Error(`the load generator exited (${code}) without a result`)));
  await Promise.race([ready, done]);
  return {
    go: () => {
      child.send({ type: 'go' });
      return done;
    },
  };
}

export async function run(options: ReliabilityOptions = DEFAULTS, log: (line: string) => void = console.log) {
  const { people: PEOPLE } = options;
  const postgres = await benchPostgres(log);
  const dbName = `peerpods_bench_rel_${randomBytes(4).toString('hex')}`;
  const prefix = `benchrel${randomBytes(4).toString('hex')}`;
  await admin(postgres.adminUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${dbName}`;
  const env = { NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', HEALTH_PORT: '0' };
  const redis = new Redis(REDIS_URL);
  const loads: Record<string, string> = { start: load() };
  // This process: the database (migrated), the emulators, no app and no workers.
  const rt: Runtime = await startRuntime({
    config: parseConfig(env), roles: { app: false, workers: false }, log: silentLogger,
    sandbox: { slack: { limitsDisabled: true } },
  });
  const slack = rt.sandbox.slack!;
  const google = rt.sandbox.google!;
  const emulators = { slack: { apiUrl: slack.apiUrl, botToken: slack.botToken }, google: { rootUrl: google.rootUrl } };
  const spec = (roles: ProcessSpec['roles']): ProcessSpec => ({
    roles, emulators, port: 0, ignoreLimiters: true, schedules: { keepEveryMs: KEEP_EVERY_MS }, workerSettings: WORKER_SETTINGS, apiTimeoutMs: API_TIMEOUT_MS,
  });
  const app = spawnPeerProcess(spec({ app: true, workers: false }), env);
  const worker = new KilledWorker(() => spawnPeerProcess(spec({ app: false, workers: true }), env));
  const requestsFile = path.join(tmpdir(), `peerpods-bench-rel-${prefix}.jsonl`);
  try {
    const [{ requestUrl }] = await Promise.all([app.ready, worker.start()]);
    slack.driver.configure({ requestUrl: requestUrl!, signingSecret: SANDBOX_SIGNING_SECRET });
    log(`app process ${app.child.pid} at ${requestUrl}; worker process ${worker.current.child.pid}; load average ${load()}`);

    // The organisation: teams of 5, one Slack account each, all in a zone where it is a weekday
    // around midday now: invites and welcomes wait for working hours (the respect policy), and
    // the bench must not stall till morning.
    const zone = ZONES.find((z) => {
      const local = DateTime.now().setZone(z);
      return local.weekday <= 5 && local.hour >= 9 && local.hour < 15;
    }) ?? 'Europe/London';
    log(`everyone in ${zone} (local time ${DateTime.now().setZone(zone).toFormat('ccc HH:mm')})`);
    const everyone: { slackId: string; personId: string }[] = [];
    for (let t = 0; everyone.length < PEOPLE; t++) {
      const team = await rt.db.insertInto('team').values({ name: `Team ${t + 1}`, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
      const rows = [];
      for (let i = 0; i < 5 && everyone.length + rows.length < PEOPLE; i++) {
        const email = `p${t}-${i}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${t}-${i}`, tz: zone });
        rows.push({ email, name: `Person ${t}-${i}`, slack_user_id: user.id, timezone: zone, team_id: team.id });
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

    // From here to the end, a tenth of every Slack and Google call fails.
    slack.faults.randomly({ rate: FAULT_RATE, ...FAULTS });
    google.faults.randomly({ rate: FAULT_RATE, ...FAULTS });
    const kills = { invites: Math.round(options.kills * 0.35), answers: Math.round(options.kills * 0.2), closing: options.kills > 2 ? 1 : 0 };

    // ---- 1. invites, under faults and kills, then a Redis flush and a Postgres restart
    const launched = await launchWave(rt, draft.id, { personId: null, slackUserId: null });
    log(`launched: ${launched.invites} invites in ${launched.pods} pods; ${FAULT_RATE * 100}% of Slack and Google calls fail from now on`);
    // The invite messages' outbox rows may be written by a job after launchWave returns: wait for all of them.
    const inviteRows = async () => (await rt.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', 'invite/%/message').execute()).map((r) => r.idempotency_key);
    await until(async () => (await inviteRows()).length >= launched.invites, 600_000);
    const inviteKeys = new Set(await inviteRows());
    if (inviteKeys.size !== launched.invites) throw new Error(`launch: ${inviteKeys.size} invite messages in the outbox for ${launched.invites} invites`);
    const sentInvites = () => new Set(slack.log.messages().map(idempotencyKeyOf).filter((k): k is string => !!k && inviteKeys.has(k))).size;
    const dueOutbox = async () => Number((await rt.db.selectFrom('outbox').select(({ fn }) => fn.countAll<number>().as('n'))
      .where('state', '=', 'pending').where('not_before', '<=', new Date()).executeTakeFirstOrThrow()).n);
    const flushAt = Math.ceil(inviteKeys.size / 3);
    const invitesStarted = Date.now();
    await worker.atMilestones('invites', milestones(kills.invites, inviteKeys.size * 0.02, inviteKeys.size * 0.3), sentInvites, async () => sentInvites() < inviteKeys.size);
    await until(() => sentInvites() >= flushAt, 600_000);
    loads.flush = load();
    let cursor = '0';
    let flushed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) flushed += await redis.del(...keys);
    } while (cursor !== '0');
    const flushedAt = Date.now();
    log(`after ${worker.kills} kills (${Math.round((flushedAt - invitesStarted) / 1000)} s): flushed ${flushed} Redis keys with ${sentInvites()} of ${inviteKeys.size} invites sent, both processes running`);
    const pids = { app: app.child.pid, worker: worker.current.child.pid };
    const restarted = await postgres.restart(dbName);
    const healthy = async (u: string | undefined) => (u ? await fetch(u).then((r) => r.status, () => 0) : 0) === 200;
    const appHealth = new URL('/healthz', requestUrl!).href;
    const workerHealth = (await worker.current.ready).healthUrl;
    const pgRecovered = await until(async () => (await healthy(appHealth)) && (await healthy(workerHealth)), 60_000);
    const pgRestartRecovered = pgRecovered && app.child.exitCode === null && worker.current.child.exitCode === null && worker.current.child.pid === pids.worker;
    log(`${restarted}; app and worker /healthz ${pgRestartRecovered ? '200, both processes the same ones, still up' : 'NOT recovered'}`);
    // No kills until everything the flush took is rebuilt: this measures the keeper and the tick.
    // Rebuilt: every outbox row due and not yet sent has its job back in Redis (or has gone out).
    const rebuilt = async () => {
      const due = await rt.db.selectFrom('outbox').select(['id', 'kind']).where('state', '=', 'pending').where('not_before', '<=', new Date()).execute();
      const jobs = await Promise.all(due.map((row) => rt.backend.queue(outboxQueueOf(row.kind)).getJob(jobId('outbox', row.id))));
      return jobs.every((job) => job !== undefined && job !== null);
    };
    const rebuiltInTime = await until(rebuilt, TARGETS.flushRecoveredMs + 60_000);
    const flushRecoveredMs = rebuiltInTime ? Date.now() - flushedAt : null;
    const deliveredAfterFlush = await until(() => sentInvites() === inviteKeys.size, 600_000);
    const flushDeliveredMs = deliveredAfterFlush ? Date.now() - flushedAt : null;
    log(`every due job rebuilt ${flushRecoveredMs} ms after the flush; invites sent ${sentInvites()} of ${inviteKeys.size}, ${flushDeliveredMs} ms after it`);

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
    /** Why each unacknowledged click failed, counted: 'timeout 3000 ms', 'HTTP 500', a socket error's code. */
    const answerReasons: Record<string, number> = {};
    const answerFailed = (actionId: string, reason: string, detail?: string) => {
      answerReasons[reason] = (answerReasons[reason] ?? 0) + 1;
      answerErrors.push(`${actionId}: ${reason}${detail ? ` (${detail})` : ''}`);
    };
    const acked = new Set<string>();
    let clicked = 0;
    const clicks = [...notNow.map((t) => ({ actionId: 'invite_not_this_time', t })), ...acceptNow.map((t) => ({ actionId: 'invite_accept', t }))].sort(() => Math.random() - 0.5);
    const answers = (async () => {
      // 10 a second whatever the app's pace, so the clicks span the kills and do not queue up behind a slow answer.
      const inFlight: Promise<void>[] = [];
      for (const { actionId, t } of clicks) {
        inFlight.push(slack.driver.clickButton({ userId: t.slackId!, actionId, message: t.message }).then((result) => {
          if (result.status === 200) acked.add(t.id);
          else if (result.timedOut) answerFailed(actionId, 'timeout 3000 ms');
          else answerFailed(actionId, `HTTP ${result.status}`, result.body === undefined ? undefined : JSON.stringify(result.body).slice(0, 200));
        }, (e: unknown) => answerFailed(actionId, failureName(e), String(e))).finally(() => void clicked++));
        await sleep(100);
      }
      await Promise.all(inFlight);
    })();
    await worker.atMilestones('answers', milestones(kills.answers, clicks.length * 0.05, clicks.length * 0.95), () => clicked, async () => clicked < clicks.length || (await dueOutbox()) > 0);
    await answers;
    await until(async () => (await dueOutbox()) === 0, 300_000);
    log(`answered under kills: ${notNow.length} "not this time", ${acceptNow.length} accepts (${answerErrors.length} not acknowledged${answerErrors.length ? `: ${JSON.stringify(answerReasons)}, e.g. ${JSON.stringify(answerErrors.slice(0, 3))}` : ''}); ${worker.kills} kills so far`);
    if (answerErrors.length) log(`app stderr (last 1,500 characters): ${app.stderr().slice(-1_500)}`);

    // ---- 3. load against the app process alone, from a process of its own; no kills while measured
    const total = options.rate * options.seconds;
    const queue = [...acceptLater];
    const lines: string[] = [];
    const loadAccepts: string[] = [];
    const loadKinds: ('accept' | 'home')[] = [];
    for (let i = 0; i < total; i++) {
      // Accepts spread over the whole run; app_home_opened for everyone else.
      const accept = queue.length > 0 && Math.random() < queue.length / (total - i);
      const who = accept ? queue.shift()! : targets[Math.floor(Math.random() * targets.length)]!;
      if (accept) loadAccepts[i] = who.id;
      loadKinds[i] = accept ? 'accept' : 'home';
      const request = accept
        ? slack.driver.clickRequest({ userId: who.slackId!, actionId: 'invite_accept', message: who.message })
        : slack.driver.eventRequest(slack.driver.homeOpenedEvent(who.slackId!));
      lines.push(JSON.stringify({ body: request.body, contentType: request.contentType }));
    }
    writeFileSync(requestsFile, `${lines.join('\n')}\n`);
    const generator = await startGenerator({ requestUrl: requestUrl!, signingSecret: SANDBOX_SIGNING_SECRET, rate: options.rate, requestsFile, timeoutMs: 3_000,
      connections: options.connections, warmUrl: new URL('/healthz', requestUrl!).href });
    loads.loadBefore = load();
    const measured = await generator.go();
    loads.loadAfter = load();
    // Every request's kind, status and latency in sending order, for a look at when they stalled.
    if (process.env.RELIABILITY_LOAD_DUMP) writeFileSync(process.env.RELIABILITY_LOAD_DUMP, JSON.stringify({ kinds: loadKinds, rate: options.rate, ...measured }));
    measured.statuses.forEach((status, i) => {
      if (status === 200 && loadAccepts[i]) acked.add(loadAccepts[i]!);
    });
    const latencies = [...measured.latenciesMs].sort((a, b) => a - b);
    const lateness = [...measured.latenessMs].sort((a, b) => a - b);
    const errors = measured.statuses.filter((s) => s !== 200).length;
    const statuses: Record<string, number> = {};
    for (const s of measured.statuses) statuses[s] = (statuses[s] ?? 0) + 1;
    // Why requests failed, per kind: 'accept: timeout 3000 ms', 'home: HTTP 500', 'accept: ECONNRESET'.
    const loadReasons: Record<string, number> = {};
    measured.reasons.forEach((reason, i) => {
      if (reason) loadReasons[`${loadKinds[i]}: ${reason}`] = (loadReasons[`${loadKinds[i]}: ${reason}`] ?? 0) + 1;
    });
    const byKind = Object.fromEntries((['accept', 'home'] as const).map((kind) => {
      const own = measured.latenciesMs.filter((_, i) => loadKinds[i] === kind).sort((a, b) => a - b);
      const failed = measured.statuses.filter((st, i) => loadKinds[i] === kind && st !== 200).length;
      return [kind, { requests: own.length, errors: failed, p50Ms: round(percentile(own, 50)), p99Ms: round(percentile(own, 99)) }];
    }));
    const loadSummary = {
      byKind,
      rate: options.rate, seconds: options.seconds, requests: measured.statuses.length, accepts: loadAccepts.filter(Boolean).length,
      tookSeconds: round(measured.tookMs / 1_000), statuses, errorReasons: loadReasons,
      // Opened before the clock started, and during the run (only if the app closed one).
      connections: { openedBefore: measured.connectionsOpenedBefore, openedDuring: measured.newConnection.filter(Boolean).length },
      generatorLatenessP99Ms: round(percentile(lateness, 99)),
      generatorEventLoopDelayP99Ms: round(measured.eventLoopDelayP99Ms), loadAverage: `${loads.loadBefore} → ${loads.loadAfter}`,
    };
    if (errors > 0) log(`app stderr (last 1,500 characters): ${app.stderr().slice(-1_500)}`);
    log(`load: ${JSON.stringify(loadSummary)}; p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms${measured.failures.length ? `; first failures ${JSON.stringify(measured.failures.slice(0, 5))}` : ''}`);
    await until(async () => (await dueOutbox()) === 0, 300_000);

    // ---- 4. the deadline passes: confirmations, welcomes, sessions, calendar series, under kills
    await rt.db.updateTable('wave').set({ invite_deadline: new Date(Date.now() - 1_000) }).where('id', '=', draft.id).execute();
    await reconcile(rt);
    const closed = async () => (await rt.db.selectFrom('wave').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status !== 'inviting';
    await worker.atMilestones('closing', milestones(kills.closing, 0, 0), () => 0, async () => !(await closed()));
    await until(closed, 600_000);
    const confirmed = (await rt.db.selectFrom('pod').select('id').where('wave_id', '=', draft.id).where('confirmed_at', 'is not', null).execute()).map((p) => p.id);
    const welcomeKeys = new Set(confirmed.map((id) => `pod/${id}/intro`));
    const delivered = () => {
      let welcomes = 0;
      for (const m of slack.log.messages()) if (welcomeKeys.has(idempotencyKeyOf(m) ?? '')) welcomes++;
      return welcomes + google.calendars.records().length;
    };
    const expected = confirmed.length * 2;
    log(`deadline closed: ${confirmed.length} pods confirmed; ${worker.kills} kills so far; the rest on milestones of ${expected} welcomes and calendar series`);
    const settled = async () => (await dueOutbox()) === 0 && delivered() >= expected;
    await worker.atMilestones('deliveries', milestones(Math.max(0, options.kills - worker.kills), expected * 0.03, expected * 0.9), delivered, async () => !(await settled()));
    await until(async () => {
      if (!(await settled())) return false;
      await reconcile(rt); // what the tick would do: nothing due may be left without a job
      return settled();
    }, 600_000);
    slack.faults.randomly(undefined);
    google.faults.randomly(undefined);

    // ---- checks, from the emulators' own records
    const perKey = new Map<string, number>();
    for (const m of slack.log.messages()) {
      const key = idempotencyKeyOf(m);
      if (key) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
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
    // Every answer Slack saw acknowledged is stored (the app writes before it acks).
    const answeredIds = new Set((await rt.db.selectFrom('invite').select('id').where('wave_id', '=', draft.id).where('answered_at', 'is not', null).execute()).map((r) => r.id));
    const welcomesInLog = [...perKey.keys()].filter((k) => /^pod\/.+\/intro$/.test(k));
    const missing = {
      invites: [...inviteKeys].filter((k) => !perKey.has(k)).length,
      welcomes: [...welcomeKeys].filter((k) => !perKey.has(k)).length,
      series: seriesIds.filter((id) => !stored.has(id)).length,
      seriesForPods: confirmed.length - series.length,
      ackedAnswersNotStored: [...acked].filter((id) => !answeredIds.has(id)).length,
      outboxNotDelivered: unfinished.length,
    };
    const twice = {
      invites: [...inviteKeys].filter((k) => (perKey.get(k) ?? 0) > 1).length,
      welcomes: [...welcomeKeys].filter((k) => (perKey.get(k) ?? 0) > 1).length,
      welcomesForUnconfirmedPods: welcomesInLog.filter((k) => !welcomeKeys.has(k)).length,
      seriesInserted: [...inserted.values()].filter((n) => n > 1).length,
      seriesStored: [...stored.values()].filter((n) => n > 1).length,
      slackMessages: slack.log.duplicates().length,
      calendarEvents: google.duplicates().length,
    };
    const slackCalls = slack.log.calls();
    const googleCalls = google.log.calls();
    const faultsServed = {
      slack: { calls: slackCalls.length, faults: slackCalls.filter((c) => c.fault !== undefined && c.fault !== 'ratelimited').length },
      google: { calls: googleCalls.length, faults: googleCalls.filter((c) => c.fault !== undefined).length },
    };
    const kinds: Record<string, number> = {};
    for (const c of [...slackCalls, ...googleCalls]) {
      const f = (c as { fault?: string }).fault;
      if (f && f !== 'ratelimited') kinds[f] = (kinds[f] ?? 0) + 1;
    }
    log(`confirmed ${confirmed.length} pods: welcomes ${[...welcomeKeys].filter((k) => perKey.has(k)).length}, calendar series ${seriesIds.filter((id) => stored.has(id)).length}; missing ${JSON.stringify(missing)}; twice ${JSON.stringify(twice)}`);
    log(`faults served: ${JSON.stringify(faultsServed)}, by kind ${JSON.stringify(kinds)}`);
    if (unfinished.length) log(`not delivered: ${JSON.stringify(unfinished.slice(0, 5))}`);
    log(`kills: ${JSON.stringify(worker.killedAt)}; restarts took ${JSON.stringify(worker.restartMs)} ms`);
    loads.end = load();
    return {
      kills: worker.kills,
      lost: Object.values(missing).reduce((a, b) => a + Math.max(0, b), 0),
      duplicated: Object.values(twice).reduce((a, b) => a + b, 0),
      flushRecoveredMs,
      pgRestartRecovered,
      faultRate: FAULT_RATE,
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      errors,
      /** Why interactions failed: under load (by kind) and the answer clicks under kills. */
      errorReasons: { load: loadReasons, answers: answerReasons },
      people: PEOPLE,
      invites: inviteKeys.size,
      podsConfirmed: confirmed.length,
      welcomes: welcomeKeys.size,
      calendarSeries: seriesIds.length,
      flushDeliveredMs,
      answersUnderKills: clicks.length,
      answerErrors: answerErrors.length,
      faultsServed,
      load: loadSummary,
      loadAverage: loads,
      keeperEveryMs: KEEP_EVERY_MS,
      workerLockMs: WORKER_SETTINGS.lockDuration,
      apiTimeoutMs: API_TIMEOUT_MS,
      silent: silent.length,
    };
  } finally {
    await app.kill().catch(() => undefined);
    await worker.current?.kill().catch(() => undefined);
    await rt.close();
    // This run's keys only (its own prefix): the Redis is shared.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000).catch(() => ['0', []] as [string, string[]]);
      cursor = next;
      if (keys.length) await redis.del(...keys).catch(() => 0);
    } while (cursor !== '0');
    await redis.quit();
    rmSync(requestsFile, { force: true });
    await admin(postgres.adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await postgres.close();
  }
}
