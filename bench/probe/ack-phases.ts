// Where one acknowledgement's time goes: a wave of `--people` (default 200) is launched in one
// process (app, workers, emulators), then single signed requests are sent one at a time, each
// after the queues are idle, and every step between the request reaching the app and the ack
// leaving is timed: each SQL statement (with its wait for a pool connection), the handler's
// first query (what Bolt did before it: signature, authorize, middleware) and the ack. Then the
// same for N accepts of one pod at once (row-lock waits), and N home opens at once.
// Less sensitive to the machine's load than the reliability bench: it times phases, not a rate.
//
//   node --import tsx bench/probe/ack-phases.ts [--people=N] [--samples=N]
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { parseConfig } from '../../src/config.ts';
import { drainQueues } from '../../src/platform/drain.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startRuntime } from '../../src/platform/runtime.ts';
import { saveProgramme } from '../../src/programmes/programme.service.ts';
import { idempotencyKeyOf } from '../../src/sandbox/slack/index.ts';
import { launchWave } from '../../src/waves/launch.service.ts';
import { createDraftWave, previewWave } from '../../src/waves/preview.service.ts';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const PEOPLE = Number(args.people ?? 200);
const SAMPLES = Number(args.samples ?? 10);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---- the probe: one global trace, so requests are sent one at a time (except where said)
interface Mark { at: number; what: string; ms?: number }
let trace: Mark[] | undefined;
const mark = (what: string, ms?: number) => trace?.push({ at: performance.now(), what, ...(ms !== undefined ? { ms } : {}) });

const clientQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string }).text ?? '';
  const started = performance.now();
  const out = clientQuery.apply(this, a);
  if (trace && out && typeof (out as Promise<unknown>).then === 'function') {
    const t = trace;
    void (out as Promise<unknown>).then(() => t.push({ at: started, what: `sql ${text.replace(/\s+/g, ' ').slice(0, 90)}`, ms: performance.now() - started }), () => undefined);
  }
  return out;
} as typeof pg.Client.prototype.query;
const poolConnect = pg.Pool.prototype.connect as (...a: unknown[]) => Promise<unknown>;
pg.Pool.prototype.connect = function (this: pg.Pool, ...a: unknown[]) {
  if (a.length) return poolConnect.apply(this, a);
  const started = performance.now();
  const t = trace;
  return poolConnect.apply(this, a).then((c) => {
    t?.push({ at: started, what: `pool wait (idle ${this.idleCount}, total ${this.totalCount}, waiting ${this.waitingCount})`, ms: performance.now() - started });
    return c;
  });
} as typeof pg.Pool.prototype.connect;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string, ...rest: unknown[]) {
  if (event === 'request' && (rest[0] as http.IncomingMessage).url === '/slack/events') mark('request reaches the app');
  return (emit as (...a: unknown[]) => boolean).call(this, event, ...rest);
} as typeof emit;
const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function (this: http.ServerResponse, ...rest: unknown[]) {
  if (this.req?.url === '/slack/events') mark(`ack leaves (${this.statusCode})`);
  return (end as (...a: unknown[]) => http.ServerResponse).apply(this, rest);
} as typeof end;

class RollbackOnPurpose extends Error {}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r1 = (n: number) => Math.round(n * 10) / 10;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(text); } finally { await client.end(); }
}

/** One request's marks, relative to when it reached the app, in time order. */
function phases(marks: Mark[]): { line: string; ack: number; firstSql: number; cpuBeforeHandler: number } {
  const t0 = marks.find((m) => m.what === 'request reaches the app')?.at ?? marks[0]!.at;
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const ack = (sorted.find((m) => m.what.startsWith('ack leaves'))?.at ?? t0) - t0;
  const firstSql = (sorted.find((m) => m.what.startsWith('sql') || m.what.startsWith('pool'))?.at ?? t0) - t0;
  const line = sorted.map((m) => `  +${r1(m.at - t0).toString().padStart(6)} ms ${m.ms !== undefined ? `(${r1(m.ms)} ms) ` : ''}${m.what}`).join('\n');
  return { line, ack, firstSql, cpuBeforeHandler: firstSql };
}

const dbName = `peerpods_bench_phases_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
const rt = await startRuntime({
  config: parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `phases${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'error' }),
  roles: { app: true, workers: true }, port: 0, log: silentLogger, ignoreLimiters: true, schedules: false,
  sandbox: { slack: { limitsDisabled: true } },
});
const idle = () => drainQueues(rt.backend, [...(rt.workers?.workers.keys() ?? [])], 120_000);
try {
  const slack = rt.sandbox.slack!;
  // Invites wait for working hours in the invitee's zone: everyone lives where it is midday now.
  const zone = Intl.supportedValuesOf('timeZone').find((z) => {
    const local = DateTime.now().setZone(z);
    return local.weekday <= 5 && local.hour >= 10 && local.hour < 15;
  }) ?? 'UTC';
  for (let t = 0; t * 5 < PEOPLE; t++) {
    const team = await rt.db.insertInto('team').values({ name: `Team ${t + 1}`, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    const rows = [];
    for (let i = 0; i < 5 && t * 5 + i < PEOPLE; i++) {
      const email = `p${t}-${i}@bench.example`;
      const user = slack.workspace.addUser({ email, realName: `Person ${t}-${i}`, tz: zone });
      rows.push({ email, name: `Person ${t}-${i}`, slack_user_id: user.id, timezone: zone, team_id: team.id });
    }
    await rt.db.insertInto('person').values(rows as never).execute();
  }
  const lead = slack.workspace.addUser({ email: 'lead@bench.example', realName: 'Lead', tz: 'Europe/London' });
  const leadRow = await rt.db.insertInto('person').values({ email: 'lead@bench.example', name: 'Lead', slack_user_id: lead.id, timezone: 'Europe/London', enrolled: false } as never).returning('id').executeTakeFirstOrThrow();
  await rt.db.insertInto('person_role').values({ person_id: leadRow.id, role: 'lead', granted_by: null }).execute();
  const now = rt.clock.now();
  const programme = await saveProgramme(rt.db, { name: 'Bench' }, { personId: leadRow.id, slackUserId: lead.id }, now);
  const start = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
  const teamIds = (await rt.db.selectFrom('team').select('id').execute()).map((r) => r.id);
  const draft = await createDraftWave(rt.db, { programmeId: programme.id, teamIds, startWeek: start.toISODate()!, inviteDeadline: start.minus({ days: 3 }).toISODate()! }, leadRow.id, now);
  await previewWave(rt, draft.id, now);
  await launchWave(rt, draft.id, { personId: leadRow.id, slackUserId: lead.id });
  await idle();
  const invites = await rt.db.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id')
    .select(['invite.id', 'invite.pod_id', 'person.slack_user_id as slackId']).where('invite.wave_id', '=', draft.id).orderBy('invite.pod_id').execute();
  const messageOf = new Map(slack.log.messages().flatMap((m) => {
    const key = idempotencyKeyOf(m);
    return key ? [[key, { channel: m.channel, ts: m.ts }] as const] : [];
  }));
  const byPod = new Map<string, typeof invites>();
  for (const i of invites) byPod.set(i.pod_id, [...(byPod.get(i.pod_id) ?? []), i]);
  const pods = [...byPod.values()];
  console.log(`${PEOPLE} people, ${invites.length} invites in ${pods.length} pods; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  const accept = (i: (typeof invites)[number]) => slack.driver.clickButton({ userId: i.slackId!, actionId: 'invite_accept', message: messageOf.get(`invite/${i.id}/message`)! });

  // 1. single accepts (each the 2nd accept in its pod, so it re-renders an accepted neighbour)
  for (const pod of pods.slice(0, SAMPLES)) await accept(pod[0]!);
  await idle();
  const acks: number[] = [];
  const beforeHandler: number[] = [];
  for (const [n, pod] of pods.slice(0, SAMPLES).entries()) {
    trace = [];
    const cpu = process.cpuUsage();
    const res = await accept(pod[1]!);
    const used = process.cpuUsage(cpu);
    const marks = trace;
    trace = undefined;
    const p = phases(marks);
    acks.push(p.ack);
    beforeHandler.push(p.firstSql);
    if (n < 2) console.log(`accept #${n + 1}: driver saw ${r1(res.latencyMs)} ms (status ${res.status}); CPU ${r1((used.user + used.system) / 1000)} ms in this process\n${p.line}`);
    await idle();
  }
  console.log(`single accepts (n=${SAMPLES}): request→ack median ${r1(median(acks))} ms; request→first SQL median ${r1(median(beforeHandler))} ms`);

  // 2. single home opens
  const homes: number[] = [];
  const homeCpu: number[] = [];
  const homeDone: number[] = [];
  for (const [n, pod] of pods.slice(0, SAMPLES).entries()) {
    const who = pod[2]!.slackId!;
    const before = slack.log.homeViews(who).length;
    trace = [];
    const cpu = process.cpuUsage();
    const t = performance.now();
    const res = await slack.driver.openHome(who);
    while (slack.log.homeViews(who).length === before) await new Promise((r) => setTimeout(r, 1));
    homeDone.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    const marks = trace;
    trace = undefined;
    const p = phases(marks);
    homes.push(p.ack);
    homeCpu.push((used.user + used.system) / 1000);
    if (n < 1) console.log(`home open #${n + 1}: driver saw ${r1(res.latencyMs)} ms; published after ${r1(performance.now() - t)} ms; CPU ${r1((used.user + used.system) / 1000)} ms (app + emulator)\n${p.line}`);
  }
  console.log(`single home opens (n=${SAMPLES}): request→ack median ${r1(median(homes))} ms; until views.publish stored median ${r1(median(homeDone))} ms; CPU median ${r1(median(homeCpu))} ms`);
  await idle();

  // 3. the remaining members of several pods accept at the same moment (row locks on the pod)
  const crowd = pods.slice(SAMPLES, SAMPLES + 4).flatMap((pod) => pod.slice(0, 4));
  const t = performance.now();
  const results = await Promise.all(crowd.map(accept));
  console.log(`${crowd.length} accepts at once (4 per pod): latencies ${results.map((r) => Math.round(r.latencyMs)).join(' ')} ms (all in ${r1(performance.now() - t)} ms)`);
  await idle();
  // 4. 50 home opens at once
  const many = invites.slice(0, 50).map((i) => i.slackId!);
  const homeResults = await Promise.all(many.map((who) => slack.driver.openHome(who)));
  const hs = homeResults.map((r) => r.latencyMs).sort((a, b) => a - b);
  console.log(`50 home opens at once: ack p50 ${r1(median(hs))} ms, max ${r1(hs.at(-1)!)} ms`);
  await idle();
  // 5. CPU of the pieces of a home open, in this process: render (SQL + blocks), then the publish call (client side + emulator)
  const { renderHome } = await import('../../src/slack/home/render-home.ts');
  const ctx = { ...rt.deps };
  const users = invites.slice(0, 40).map((i) => i.slackId!);
  let c = process.cpuUsage();
  let w = performance.now();
  const views = [];
  for (const u of users) views.push(await renderHome(ctx as never, u));
  let used = process.cpuUsage(c);
  console.log(`renderHome x${users.length}: ${r1((performance.now() - w) / users.length)} ms wall, ${r1((used.user + used.system) / 1000 / users.length)} ms CPU each; ${JSON.stringify(views[0]).length} bytes`);
  const client = rt.app!.app.client;
  c = process.cpuUsage();
  w = performance.now();
  for (const [k, u] of users.entries()) await client.views.publish({ user_id: u, view: views[k]! });
  used = process.cpuUsage(c);
  console.log(`views.publish x${users.length} (Bolt's WebClient + the emulator in this process): ${r1((performance.now() - w) / users.length)} ms wall, ${r1((used.user + used.system) / 1000 / users.length)} ms CPU each`);
  // 6. What an answer's UPDATE of its invite costs in Postgres (triggers included), rolled back.
  const pendingInvite = await rt.db.selectFrom('invite').select('id').where('status', '=', 'pending').executeTakeFirst();
  if (pendingInvite) {
    // A session of its own: the first run pays for compiling the report trigger's plpgsql.
    const fresh = new pg.Client({ connectionString: url.toString() });
    await fresh.connect();
    for (let k = 0; k < 2; k++) {
      await fresh.query('BEGIN');
      const t = performance.now();
      await fresh.query(`UPDATE invite SET status = 'accepted', answered_at = now() WHERE id = $1`, [pendingInvite.id]);
      console.log(`UPDATE invite in a new session, run ${k + 1}: ${r1(performance.now() - t)} ms`);
      await fresh.query('ROLLBACK');
    }
    await fresh.end();
    for (let k = 0; k < 3; k++) {
      await rt.db.transaction().execute(async (trx) => {
        const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) UPDATE invite SET status = 'accepted', answered_at = now() WHERE id = ${pendingInvite.id}`.execute(trx);
        if (k === 2) console.log(`UPDATE invite, third run on one connection:\n  ${plan.rows.map((r) => r['QUERY PLAN']).join('\n  ')}`);
        throw new RollbackOnPurpose();
      }).catch((e: unknown) => { if (!(e instanceof RollbackOnPurpose)) throw e; });
    }
  }
  console.log(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
} finally {
  await rt.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
