// A wave under trouble, in one process: Slack faults on the invite sends, a Redis flush while
// the invites go out (with the processes running), every Postgres connection terminated (what a
// restart looks like to clients; the machine's server is shared, so it is not restarted), then
// a burst of signed Accept clicks. Checked against the Slack emulator's own log: every invite
// sent exactly once. Not done here (reported as such): SIGKILL of worker processes, and the load
// test against the app process alone.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DateTime } from 'luxon';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startRuntime } from '../src/platform/runtime.ts';
import { saveProgramme } from '../src/programmes/programme.service.ts';
import { launchWave } from '../src/waves/launch.service.ts';
import { createDraftWave, previewWave } from '../src/waves/preview.service.ts';

const PEOPLE = Number(process.env.RELIABILITY_PEOPLE ?? 500);
const FAULT_RATE = 0.1;
const CLICK_RATE = 200; // per second
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

export async function run(log: (line: string) => void = console.log) {
  const dbName = `peerpods_bench_rel_${randomBytes(4).toString('hex')}`;
  const prefix = `benchrel${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const redis = new Redis(REDIS_URL);
  const rt = await startRuntime({
    config: parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix }),
    roles: { app: true, workers: true }, port: 0, log: silentLogger, ignoreLimiters: true,
    // The production keeper checks every 30 s; 5 s here keeps the run short (stated in the output).
    schedules: { keepEveryMs: 5_000 },
    sandbox: { slack: { limitsDisabled: true } },
  });
  try {
    const slack = rt.sandbox.slack!;
    const people: { slackId: string; personId: string }[] = [];
    for (let t = 0; people.length < PEOPLE; t++) {
      const team = await rt.db.insertInto('team').values({ name: `Team ${t + 1}`, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < 5 && people.length < PEOPLE; i++) {
        const email = `p${t}-${i}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${t}-${i}`, tz: 'Europe/London' });
        const person = await rt.db.insertInto('person').values({ email, name: `Person ${t}-${i}`, slack_user_id: user.id, timezone: 'Europe/London', team_id: team.id } as never).returning('id').executeTakeFirstOrThrow();
        people.push({ slackId: user.id, personId: person.id });
      }
    }
    const now = rt.clock.now();
    const programme = await saveProgramme(rt.db, { name: 'Bench' }, { personId: null, slackUserId: null }, now);
    const start = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((r) => r.id);
    const draft = await createDraftWave(rt.db, { programmeId: programme.id, teamIds, startWeek: start.toISODate()!, inviteDeadline: start.minus({ days: 3 }).toISODate()! }, null, now);
    await previewWave(rt, draft.id, now);

    // 10% of the invite sends fail: 429 with Retry-After, 500, a dropped connection, and "did it,
    // lost the answer" (posted, then the connection drops).
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
    const keyOf = (m: { metadata?: { event_payload?: unknown } }) => String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '');
    const sentInvites = () => slack.log.messages().filter((m) => inviteKeys.has(keyOf(m)));

    // A third of the way through: flush this process's queue keys, processes still running.
    await until(async () => sentInvites().length >= inviteKeys.size / 3, 120_000);
    let cursor = '0';
    let flushed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) flushed += await redis.del(...keys);
    } while (cursor !== '0');
    const flushedAt = Date.now();
    log(`flushed ${flushed} Redis keys with ${sentInvites().length} of ${inviteKeys.size} invites sent`);
    // Every connection to this database terminated, as a restart would, while the rebuilt
    // deliveries are still going out.

    const [{ n: terminated }] = await admin<{ n: number }>('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]) as [{ n: number }];
    await sleep(1_000);
    const health = await fetch(new URL('/healthz', rt.requestUrl!).href).then((r) => r.status, () => 0);
    const pgRestartRecovered = terminated > 0 && health === 200 && (await rt.db.selectFrom('invite').select('id').limit(1).execute()).length === 1;
    log(`terminated ${terminated} Postgres connections; /healthz then ${health}`);
    const recoveredAfterFlush = await until(async () => new Set(sentInvites().map(keyOf)).size === inviteKeys.size, 180_000);
    const flushRecoveredMs = recoveredAfterFlush ? Date.now() - flushedAt : null;
    const states = await rt.db.selectFrom('outbox').select(['state', 'last_error']).where('idempotency_key', 'like', 'invite/%/message').where('state', '!=', 'sent').execute();
    log(`invites sent ${new Set(sentInvites().map(keyOf)).size} of ${inviteKeys.size}; not sent: ${JSON.stringify(states.slice(0, 5))} (${states.length})`);

    // Signed Accept clicks at 200 a second (driver, app and workers share this process).
    const targets = people.flatMap((p) => {
      const message = slack.log.dmsTo(p.slackId).find((m) => inviteKeys.has(keyOf(m)));
      return message ? [{ ...p, channel: message.channel, ts: message.ts }] : [];
    });
    const clicks: Promise<{ status: number; latencyMs: number }>[] = [];
    for (let i = 0; i < targets.length; i++) {
      const p = targets[i]!;
      clicks.push(slack.driver.clickButton({ userId: p.slackId, actionId: 'invite_accept', message: { channel: p.channel, ts: p.ts } }));
      if ((i + 1) % (CLICK_RATE / 10) === 0) await sleep(100);
    }
    const results = await Promise.all(clicks);
    await until(async () => (await rt.db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length === 0, 120_000);
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);

    const perKey = new Map<string, number>();
    for (const m of sentInvites()) perKey.set(keyOf(m), (perKey.get(keyOf(m)) ?? 0) + 1);
    const lost = [...inviteKeys].filter((k) => !perKey.has(k)).length;
    const duplicated = [...perKey.values()].filter((n) => n > 1).length + slack.log.duplicates().length;
    return {
      kills: 0,
      lost,
      duplicated,
      flushRecoveredMs,
      pgRestartRecovered,
      faultRate: FAULT_RATE,
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      errors: results.filter((r) => r.status !== 200).length,
      people: PEOPLE,
      invites: inviteKeys.size,
      clicks: results.length,
      keeperEveryMs: 5_000,
      notMeasured: ['SIGKILL of worker processes at 20 moments', 'load against the app process alone for 60 s (driver, app and workers share one process here)'],
    };
  } finally {
    await rt.close();
    await redis.quit();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
