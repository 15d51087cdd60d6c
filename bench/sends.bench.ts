// One commitment week of the pods' rhythm at organisation scale, against the Slack emulator's
// rate limits: every prompt, reminder and check-in of 2,000 pods (10,000 people, 8 zones) goes
// through the respect policy, the outbox and BullMQ to chat.postMessage. Slack's published
// limits run on a clock FACTOR times faster (default 20: chat.postMessage's 300/min workspace
// budget becomes 300 per 3 s, its ~1/s per channel 1 per 50 ms, conversations.open's Tier 3
// 50 per 3 s), so the week fits in minutes; the rate-limited minimum is computed for the same
// calls under the same windows, and everything is counted from the emulator's own log.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import pg from 'pg';
import { parseConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startRuntime } from '../src/platform/runtime.ts';
import { PUBLISHED_PACE, scalePace } from '../src/outbox/slack-pace.ts';
import { reconcile } from '../src/reconcile/reconcile.service.ts';
import { idempotencyKeyOf } from '../src/sandbox/slack/log.ts';

const PEOPLE = Number(process.env.BENCH_SENDS_PEOPLE ?? 10_000);
const POD_SIZE = 5;
const FACTOR = Number(process.env.BENCH_SENDS_FACTOR ?? 20);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Africa/Nairobi', 'Asia/Kolkata', 'Asia/Tokyo'];
const MINUTE = 60_000;

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(sqlText); } finally { await client.end(); }
}

/** Slack's limits for the methods a rhythm week uses, on a clock FACTOR times faster. */
const LIMITS = {
  'chat.postMessage': { limit: 300, windowMs: MINUTE / FACTOR },
  'conversations.open': { limit: 50, windowMs: MINUTE / FACTOR },
  'conversations.history': { limit: 50, windowMs: MINUTE / FACTOR },
};
const PER_CHANNEL = { limit: 1, windowMs: 1_000 / FACTOR };

/** Fewest ms in which `calls` calls fit a sliding window of `limit` per `windowMs` (the first `limit` at once). */
const minimumFor = (calls: number, rule: { limit: number; windowMs: number }) => Math.max(0, Math.ceil(calls / rule.limit) - 1) * rule.windowMs;

export async function run() {
  const dbName = `peerpods_bench_sends_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  // Monday 1 June 2026, 00:00 UTC: sessions run Wednesday 11:00 in each pod's zone.
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  const rt = await startRuntime({
    config: parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}` }),
    roles: { app: false, workers: true }, port: 0, log: silentLogger, clock, schedules: false,
    // As in production: no queue limiter on outbox-slack, and the workers' Slack client paced to
    // Slack's published limits, here on the same faster clock as the emulator's.
    ignoreLimiters: true,
    slackPace: scalePace(PUBLISHED_PACE, FACTOR),
    sandbox: { slack: { limitsDisabled: true } },
  });
  try {
    const slack = rt.sandbox.slack!;
    const programme = await rt.db.insertInto('programme').values({ name: 'Bench pods', nudge_weekly_cap: 3 }).returning('id').executeTakeFirstOrThrow();
    const wave = await rt.db.insertInto('wave').values({ programme_id: programme.id, name: 'Bench wave', status: 'running', start_week: '2026-05-25', invite_deadline: new Date('2026-05-28T00:00:00Z') })
      .returning('id').executeTakeFirstOrThrow();
    const pods = PEOPLE / POD_SIZE;
    for (let from = 0; from < pods; from += 200) {
      const batch = Array.from({ length: Math.min(200, pods - from) }, (_, i) => from + i);
      const members = batch.flatMap((p) => Array.from({ length: POD_SIZE }, (_, m) => {
        const zone = ZONES[p % ZONES.length]!;
        const email = `p${p}-${m}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${p}-${m}`, tz: zone });
        return { pod: p, seat: m, email, zone, slackId: user.id };
      }));
      const persons = await rt.db.insertInto('person').values(members.map((x) => ({ email: x.email, name: `Person ${x.pod}-${x.seat}`, slack_user_id: x.slackId, timezone: x.zone })))
        .returning(['id', 'email']).execute();
      const idOf = new Map(persons.map((p) => [p.email, p.id]));
      for (const p of batch) {
        const mine = members.filter((x) => x.pod === p);
        // The pod's group DM exists since its welcome message (opened directly: not part of the week).
        const channel = slack.workspace.conversations.openMpim(mine.map((x) => x.slackId)).conversation.id;
        const pod = await rt.db.insertInto('pod').values({ wave_id: wave.id, name: `Pod ${p}`, status: 'scheduled', min_size: 4, max_size: 5, slack_channel_id: channel })
          .returning('id').executeTakeFirstOrThrow();
        await rt.db.insertInto('pod_member').values(mine.map((x) => ({ pod_id: pod.id, person_id: idOf.get(x.email)!, seat: x.seat }))).execute();
        const first = DateTime.fromISO('2026-06-03T11:00', { zone: mine[0]!.zone });
        await rt.db.insertInto('pod_session').values(Array.from({ length: 6 }, (_, index) => ({
          pod_id: pod.id, index, starts_at: first.plus({ weeks: index }).toJSDate(), ends_at: first.plus({ weeks: index, minutes: 60 }).toJSDate(),
          facilitator_id: idOf.get(mine[index % POD_SIZE]!.email)!,
        }))).execute();
      }
    }
    const expected = pods * 3;
    for (const [method, rule] of Object.entries(LIMITS)) slack.limits.set(method, rule);
    slack.limits.setPerChannel(PER_CHANNEL);
    slack.limits.enable();

    // The week: jump the clock from one due instant to the next (prompts Tuesday 10:00, reminders
    // Wednesday 10:00 and check-ins 12:10, each in the pods' own zones), ticking at each; deliveries
    // run in the workers meanwhile, in real time against the limits.
    const instants = [...new Set(ZONES.flatMap((zone) => ['2026-06-02T10:00', '2026-06-03T10:00', '2026-06-03T12:10']
      .map((t) => DateTime.fromISO(t, { zone }).toMillis() + 30_000)))].sort((a, b) => a - b);
    const t0 = performance.now();
    const load0 = loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    for (const at of instants) {
      clock.set(new Date(at));
      await reconcile(rt);
    }
    const ticked = performance.now() - t0;
    const keyed = () => slack.log.messages().filter((m) => /^session\//.test(idempotencyKeyOf(m) ?? ''));
    const deadline = Date.now() + 30 * MINUTE;
    while (keyed().length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await rt.db.selectFrom('outbox').select('id').where('state', '=', 'pending').limit(1).execute()).length === 0) await reconcile(rt);
    }
    const elapsed = performance.now() - t0;
    // This process's CPU for the week (ticks, workers, the emulator and its HTTP, not Postgres or
    // Redis): on a shared machine, elapsed can only approach the minimum when the process gets it.
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const posted = slack.log.calls('chat.postMessage').filter((c) => c.ok).length;
    const opened = slack.log.calls('conversations.open').filter((c) => c.ok).length;
    const history = slack.log.calls('conversations.history').filter((c) => c.ok).length;
    const minimumMs = Math.max(minimumFor(posted, LIMITS['chat.postMessage']), minimumFor(opened, LIMITS['conversations.open']), minimumFor(history, LIMITS['conversations.history']));
    const messages = keyed();
    const keys = new Set(messages.map((m) => idempotencyKeyOf(m)));
    return {
      people: PEOPLE,
      pods,
      factor: FACTOR,
      prompts: messages.filter((m) => /\/prompt$/.test(idempotencyKeyOf(m)!)).length,
      reminders: messages.filter((m) => /\/reminder$/.test(idempotencyKeyOf(m)!)).length,
      checkIns: messages.filter((m) => /\/check-in$/.test(idempotencyKeyOf(m)!)).length,
      rateLimited: slack.log.calls().filter((c) => c.status === 429).length,
      conversationsOpen: opened,
      messages: messages.length,
      elapsedMs: Math.round(elapsed),
      tickMs: Math.round(ticked),
      minimumMs: Math.round(minimumMs),
      ratio: Math.round((minimumMs / elapsed) * 100) / 100,
      cpuMs: Math.round(cpuMs),
      cpuMsPerMessage: Math.round((cpuMs / Math.max(1, messages.length)) * 100) / 100,
      cpuShare: Math.round((cpuMs / elapsed) * 100) / 100,
      loadAverage: [Math.round(load0 * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
      duplicates: messages.length - keys.size,
      lost: expected - keys.size,
    };
  } finally {
    await rt.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
