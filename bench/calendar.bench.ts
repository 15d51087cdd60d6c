// 2,000 confirmed pods (9,000 people over 8 zones) slot-found and booked through the Google
// emulator with Google's published quotas: 600 requests/min per user (every call acts as the
// organiser, so this is the binding one) and 10,000/min per project. The work is the real path:
// free/busy for everyone (membersWithBusy: ≤ 50 calendars per request, pods batched), slot finding
// per pod (planPodSlot), the invite deadline confirming every pod (closeInvitations → bookSeries:
// one outbox intent per series) and the outbox-google workers booking each series and waiting for
// its Meet link. Google's clock is the wall clock by default (BENCH_CALENDAR_FACTOR > 1 runs its
// minute that many times faster and scales the outbox-google limiter, 10/s = the per-user budget,
// with it; on a loaded machine the workers then become the limit, not the quota). The ratio is taken over
// the booking (its first call to its last, on Google's clock) against the
// quota's throughput for the calls served; the free/busy read (done at preview, days before the
// deadline) and the deadline's own transaction are reported beside it. Everything is counted from
// the emulator's own log and store.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DateTime } from 'luxon';
import { membersWithBusy } from '../src/calendar/free-busy.service.ts';
import { parseConfig } from '../src/config.ts';
import { SANDBOX_ADMIN } from '../src/google/auth.ts';
import type { PodSlot } from '../src/pods/pod.table.ts';
import { planPodSlot } from '../src/pods/slot.service.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startRuntime } from '../src/platform/runtime.ts';
import { effectiveSettings } from '../src/programmes/programme.service.ts';
import { reconcile } from '../src/reconcile/reconcile.service.ts';
import { closeInvitations } from '../src/waves/deadline.service.ts';

const PODS = Number(process.env.BENCH_CALENDAR_PODS ?? 2_000);
const FACTOR = Number(process.env.BENCH_CALENDAR_FACTOR ?? 1);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Neighbouring zones share working hours; no clock change in June–July in any of them.
const ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Africa/Nairobi', 'Asia/Kolkata', 'Asia/Tokyo'];
// Each pod mixes two zones whose working days overlap by at least three hours.
const PAIRS = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [1, 3]];
const PER_USER = 600;
const PER_PROJECT = 10_000;
const MINUTE = 60_000;
const START_WEEK = '2026-06-08';
const DEADLINE = new Date('2026-06-03T17:00:00Z');

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(sqlText); } finally { await client.end(); }
}

/** A deterministic pseudo-random stream, so every run books the same organisation. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

export async function run() {
  const dbName = `peerpods_bench_calendar_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const clock = new ManualClock('2026-06-01T09:00:00Z');
  // Google's clock: FACTOR times faster than the wall clock, from the same start.
  const wallStart = Date.now();
  const googleNow = () => clock.now().getTime() + (Date.now() - wallStart) * FACTOR;
  const rt = await startRuntime({
    config: parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`, CALENDAR_BOOKING: 'true' }),
    roles: { app: false, workers: true }, port: 0, log: silentLogger, clock, schedules: false,
    limiters: { 'outbox-google': { max: 10, duration: Math.round(1_000 / FACTOR) } },
    sandbox: { slack: { limitsDisabled: true }, google: { now: googleNow, quota: { perUserPerMinute: PER_USER, perProjectPerMinute: PER_PROJECT } } },
  });
  try {
    const google = rt.sandbox.google!;
    const slack = rt.sandbox.slack!;
    const rnd = random(7);
    const programme = await rt.db.insertInto('programme').values({ name: 'Bench pods' }).returning('id').executeTakeFirstOrThrow();
    const wave = await rt.db.insertInto('wave').values({ programme_id: programme.id, name: 'Bench wave', status: 'inviting', start_week: START_WEEK, invite_deadline: DEADLINE })
      .returning('id').executeTakeFirstOrThrow();
    const programmeRow = await rt.db.selectFrom('programme').selectAll().where('id', '=', programme.id).executeTakeFirstOrThrow();
    const waveRow = await rt.db.selectFrom('wave').selectAll().where('id', '=', wave.id).executeTakeFirstOrThrow();
    const settings = effectiveSettings(programmeRow, waveRow.settings);
    const weeks = settings.sessionCount * settings.cadenceWeeks;

    // The organisation: pods of 5 and 4 alternately (9,000 people for 2,000 pods), each pod from two
    // neighbouring zones; everyone has two recurring meetings a week inside their working hours.
    type Member = { id: string; email: string; zone: string };
    const pods: Member[][] = [];
    for (let from = 0; from < PODS; from += 250) {
      const batch = Array.from({ length: Math.min(250, PODS - from) }, (_, i) => from + i);
      const rows = batch.flatMap((p) => Array.from({ length: p % 2 === 0 ? 5 : 4 }, (_, m) => {
        const zone = ZONES[PAIRS[p % PAIRS.length]![m % 2]!]!;
        const email = `p${p}-${m}@bench.example`;
        const user = slack.workspace.addUser({ email, realName: `Person ${p}-${m}`, tz: zone });
        return { pod: p, email, zone, slackId: user.id };
      }));
      const stored = await rt.db.insertInto('person').values(rows.map((r) => ({ email: r.email, name: r.email, slack_user_id: r.slackId, timezone: r.zone })))
        .returning(['id', 'email']).execute();
      const idOf = new Map(stored.map((s) => [s.email, s.id]));
      for (const p of batch) pods[p] = rows.filter((r) => r.pod === p).map((r) => ({ id: idOf.get(r.email)!, email: r.email, zone: r.zone }));
      for (const r of rows) {
        const busy = [];
        for (let k = 0; k < 2; k++) {
          const day = Math.floor(rnd() * 5);
          const hour = 9 + Math.floor(rnd() * 7);
          for (let w = 0; w < weeks; w++) {
            const start = DateTime.fromISO(START_WEEK, { zone: r.zone }).plus({ weeks: w, days: day, hours: hour });
            busy.push({ start: start.toJSDate(), end: start.plus({ hours: 1 }).toJSDate() });
          }
        }
        google.calendars.seedBusy(r.email, busy);
      }
    }
    const people = pods.flat();
    const callsBefore = google.log.calls().length;

    // Slot finding, as the preview does it: one batched free/busy read, then each pod's slot.
    const t0 = performance.now();
    const g0 = googleNow();
    const window = { from: DEADLINE, to: new Date(Date.parse(`${START_WEEK}T00:00:00Z`) + (weeks + 2) * 7 * 86_400_000) };
    const busy = await membersWithBusy(rt.google, SANDBOX_ADMIN, people, window.from, window.to);
    const ctx = { programme: programmeRow, settings, startWeek: START_WEEK };
    const slots: (PodSlot | null)[] = pods.map((members) => planPodSlot(ctx, members.map((m) => busy.members.get(m.id)!), { notBefore: DEADLINE, freeBusy: busy.read }));
    const slotMs = performance.now() - t0;
    for (let from = 0; from < PODS; from += 250) {
      const batch = pods.slice(from, from + 250);
      const podRows = await rt.db.insertInto('pod').values(batch.map((members, i) => {
        const slot = slots[from + i];
        return {
          wave_id: wave.id, name: `Pod ${from + i + 1}`, status: 'inviting' as const, min_size: 2, max_size: 5,
          slot: slot ? (JSON.stringify(slot) as unknown as PodSlot) : null, recurrence_zone: slot?.zone ?? null,
        };
      })).returning('id').execute();
      await rt.db.insertInto('invite').values(batch.flatMap((members, i) => members.map((m, k) => ({
        pod_id: podRows[i]!.id, wave_id: wave.id, person_id: m.id, status: 'accepted' as const, answered_at: new Date(DEADLINE.getTime() - (5 - k) * 60_000),
      })))).execute();
    }

    // The deadline: every pod confirmed in one transaction, each with its booking intent.
    clock.set(new Date(DEADLINE.getTime() + 1_000));
    const t1 = performance.now();
    const deadline = await closeInvitations(rt, wave.id);
    const confirmMs = performance.now() - t1;

    const sent = async () => Number((await rt.db.selectFrom('outbox').select(({ fn }) => fn.countAll<string>().as('n'))
      .where('kind', 'in', ['google.series.insert', 'google.series.meet']).where('state', '=', 'sent').executeTakeFirstOrThrow()).n);
    const giveUp = Date.now() + 30 * MINUTE;
    while ((await sent()) < 2 * deadline.confirmed && Date.now() < giveUp) {
      await new Promise((r) => setTimeout(r, 250));
      const pending = await rt.db.selectFrom('outbox').select('id').where('kind', 'like', 'google.%').where('state', '=', 'pending').limit(1).execute();
      if (pending.length === 0) await reconcile(rt);
    }
    const elapsedMs = performance.now() - t0;

    // Counted from the emulator: its request log (stamped on Google's clock) and its store.
    const calls = google.log.calls().slice(callsBefore);
    const served = calls.filter((c) => c.status >= 200 && c.status < 300);
    const refused = calls.filter((c) => c.status === 403 || c.status === 429).length;
    // The booking phase on Google's clock: from its first call (the workers start as the deadline
    // commits) to its last.
    const booking = calls.filter((c) => c.method !== 'calendar.freebusy.query');
    const bookingServed = booking.filter((c) => c.status >= 200 && c.status < 300).length;
    const googleElapsedMs = Math.max(...booking.map((c) => c.at)) - Math.min(...booking.map((c) => c.at));
    // Google's quota admits PER_USER requests a minute for the organiser (every call acts as them):
    // the booking's served requests need at least this long at the quota's full throughput.
    const minimumGoogleMs = (bookingServed / PER_USER) * MINUTE;
    const freeBusyGoogleMs = Math.max(...calls.filter((c) => c.method === 'calendar.freebusy.query').map((c) => c.at)) - g0;
    const booked = new Map(google.calendars.records(SANDBOX_ADMIN).filter((r) => r.event.status !== 'cancelled').map((r) => [r.event.id!, r]));
    const podIds = await rt.db.selectFrom('pod').select(['id', 'calendar_event_id']).where('wave_id', '=', wave.id).where('status', '=', 'scheduled').execute();
    const series = podIds.filter((p) => p.calendar_event_id && booked.has(p.calendar_event_id)).length;
    const withMeet = podIds.filter((p) => booked.get(p.calendar_event_id ?? '')?.event.hangoutLink).length;
    const storedCopies = google.calendars.records(SANDBOX_ADMIN).length;
    const duplicates = google.duplicates().length + (storedCopies - booked.size - google.calendars.records(SANDBOX_ADMIN).filter((r) => r.event.status === 'cancelled').length);
    return {
      pods: PODS,
      people: people.length,
      zones: ZONES.length,
      factor: FACTOR,
      confirmed: deadline.confirmed,
      slotless: slots.filter((s) => s === null).length,
      conflicts: slots.reduce((n, s) => n + (s?.conflicts ?? 0), 0),
      freeBusyRequests: busy.requests,
      apiCalls: served.length,
      apiCallsPerPod: Math.round((served.length / PODS) * 100) / 100,
      quotaRefusals: refused,
      series,
      withMeet,
      bookingCalls: bookingServed,
      freeBusyGoogleMs: Math.round(freeBusyGoogleMs),
      slotMs: Math.round(slotMs),
      confirmMs: Math.round(confirmMs),
      elapsedMs: Math.round(elapsedMs),
      googleElapsedMs: Math.round(googleElapsedMs),
      minimumGoogleMs: Math.round(minimumGoogleMs),
      ratio: Math.round((minimumGoogleMs / googleElapsedMs) * 100) / 100,
      duplicates,
      lost: PODS - series,
    };
  } finally {
    await rt.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
