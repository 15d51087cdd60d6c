// Ack latency of the real Bolt app on loopback: 100 people accept their invites at the same
// moment (signed block_actions through the emulator's driver). Slack needs an ack within 3 s;
// each answer is stored (its transaction commits) before its click is acknowledged.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DateTime } from 'luxon';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startRuntime } from '../src/platform/runtime.ts';
import { saveProgramme } from '../src/programmes/programme.service.ts';
import { launchWave } from '../src/waves/launch.service.ts';
import { createDraftWave, previewWave } from '../src/waves/preview.service.ts';

const CLICKS = Number(process.env.BENCH_ACK_CLICKS ?? 100);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(sqlText); } finally { await client.end(); }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function run(): Promise<Record<string, number>> {
  const dbName = `peerpods_bench_acks_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const rt = await startRuntime({
    config: parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}` }),
    roles: { app: true, workers: true }, port: 0, log: silentLogger, ignoreLimiters: true, schedules: false,
    sandbox: { slack: { limitsDisabled: true } },
  });
  try {
    const slack = rt.sandbox.slack!;
    // Invites wait for the invitee's working hours: everyone lives where it is a weekday midday
    // now, or the bench could only run in London's daytime.
    const zone = Intl.supportedValuesOf('timeZone').find((z) => {
      const local = DateTime.now().setZone(z);
      return local.weekday <= 5 && local.hour >= 10 && local.hour < 15;
    }) ?? 'Europe/London';
    const people: { slackId: string; personId: string }[] = [];
    const teams = Math.ceil(CLICKS / 5);
    for (let t = 0; t < teams; t++) {
      const team = await rt.db.insertInto('team').values({ name: `Team ${t + 1}`, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < 5 && people.length < CLICKS; i++) {
        const email = `p${t}-${i}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${t}-${i}`, tz: zone });
        const person = await rt.db.insertInto('person').values({ email, name: `Person ${t}-${i}`, slack_user_id: user.id, timezone: zone, team_id: team.id } as never).returning('id').executeTakeFirstOrThrow();
        people.push({ slackId: user.id, personId: person.id });
      }
    }
    const now = rt.clock.now();
    const programme = await saveProgramme(rt.db, { name: 'Bench' }, { personId: null, slackUserId: null }, now);
    const start = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
    const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((r) => r.id);
    const draft = await createDraftWave(rt.db, { programmeId: programme.id, teamIds, startWeek: start.toISODate()!, inviteDeadline: start.minus({ days: 3 }).toISODate()! }, null, now);
    await previewWave(rt, draft.id, now);
    const launched = await launchWave(rt, draft.id, { personId: null, slackUserId: null });
    await until(async () => (await rt.db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute()).length === 0, 60_000);

    const targets = people.map((p) => {
      const message = slack.log.dmsTo(p.slackId)[0];
      if (!message) throw new Error(`no invite for ${p.slackId}`);
      return { ...p, channel: message.channel, ts: message.ts };
    });
    const t0 = performance.now();
    const results = await Promise.all(targets.map((p) => slack.driver.clickButton({ userId: p.slackId, actionId: 'invite_accept', message: { channel: p.channel, ts: p.ts } })));
    const acked = performance.now() - t0;
    await until(async () => (await rt.db.selectFrom('invite').select('id').where('status', '=', 'accepted').execute()).length === targets.length, 60_000);
    const recorded = performance.now() - t0;
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
    return {
      clicks: targets.length,
      invites: launched.invites,
      ok_200: results.filter((r) => r.status === 200).length,
      timed_out: results.filter((r) => r.timedOut).length,
      ack_p50_ms: round(percentile(latencies, 50)),
      ack_p99_ms: round(percentile(latencies, 99)),
      ack_max_ms: round(latencies.at(-1)!),
      all_acked_ms: round(acked),
      all_answers_recorded_ms: round(recorded),
    };
  } finally {
    await rt.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
