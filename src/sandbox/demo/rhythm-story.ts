import { DateTime } from 'luxon';
import { insideWindow, localWeekStart, QUIET_HOURS_WINDOW } from '../../core/nudges/window.ts';
import { CHECK_IN_PATIENCE_MS, checkInAt, promptAt, reminderAt } from '../../core/rhythm/timing.ts';
import type { ManualClock } from '../../platform/clock.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { reconcile } from '../../reconcile/reconcile.service.ts';
import { openSessions } from '../../rhythm/rhythm.repository.ts';
import type { StoredMessage } from '../slack/conversations.ts';
import { idempotencyKeyOf } from '../slack/log.ts';
import { drain, openHome } from './wave-story.ts';

const DAY = 86_400_000;

export interface RhythmFigures {
  sessions: number;
  prompts: number;
  reminders: number;
  checkIns: number;
  met: number;
  skipped: number;
  flagged: number;
  swaps: number;
  outsideQuietHours: number;
  overCap: number;
  duplicates: number;
}

/** One minute tick of production: reconcile (which runs the rhythm), then let the workers finish. */
export async function tick(runtime: Runtime): Promise<void> {
  await reconcile(runtime);
  await drain(runtime);
  await reconcile(runtime); // deliveries this tick's releases made due
  await drain(runtime);
}

/** The next instant at which the rhythm has something to do (a prompt, reminder, check-in, held nudge, digest). */
async function nextEvent(runtime: Runtime, now: Date, until: Date): Promise<Date | undefined> {
  const t = now.getTime();
  const times: number[] = [];
  for (const s of await openSessions(runtime.db, now, 8 * DAY, 10 * DAY)) {
    const hours = { startMinute: s.work_start_minute, endMinute: s.work_end_minute, days: s.work_days };
    times.push(promptAt(s.starts_at, s.facilitatorZone ?? 'UTC', hours).getTime(), reminderAt(s.starts_at).getTime(), checkInAt(s.ends_at).getTime());
    if (s.asked_at) times.push(s.asked_at.getTime() + CHECK_IN_PATIENCE_MS);
    if (s.followed_up_at) times.push(s.followed_up_at.getTime() + CHECK_IN_PATIENCE_MS);
  }
  const held = await runtime.db.selectFrom('nudge').select('send_at').where('state', '=', 'planned').where('send_at', '>', now).orderBy('send_at').limit(1).executeTakeFirst();
  if (held?.send_at) times.push(held.send_at.getTime());
  const next = times.filter((x) => x > t && x <= until.getTime()).sort((a, b) => a - b)[0];
  return next === undefined ? undefined : new Date(next);
}

/**
 * Moves the demo clock event by event up to `until`, running the minute tick at each and letting
 * `react` answer what just arrived. The seam for the next chapter (retro): call it again with a
 * later `until` to keep the programme's time running.
 */
export async function advanceRhythm(runtime: Runtime, clock: ManualClock, until: Date, react: () => Promise<void> = async () => {}): Promise<void> {
  for (let step = 0; step < 2_000; step++) {
    const next = await nextEvent(runtime, clock.now(), until);
    if (!next) break;
    clock.set(new Date(next.getTime() + 30_000));
    await tick(runtime);
    await react();
  }
  if (clock.now() < until) {
    clock.set(until);
    await tick(runtime);
    await react();
  }
}

/** When the round's last session has happened and its check-in had time to be answered. */
export async function endOfRound(runtime: Runtime): Promise<Date | undefined> {
  const last = await runtime.db.selectFrom('pod_session').innerJoin('pod', 'pod.id', 'pod_session.pod_id')
    .select((eb) => eb.fn.max('pod_session.ends_at').as('end')).where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro']).executeTakeFirst();
  return last?.end ? new Date(new Date(last.end).getTime() + 60 * 60_000) : undefined;
}

const key = (m: StoredMessage) => idempotencyKeyOf(m) ?? '';

/**
 * The pods' weeks: prompts, reminders and check-ins go out on the demo clock; facilitators answer
 * through Slack (most pods meet; one facilitator swaps a turn; one pod skips twice and is flagged
 * to the lead; one check-in is answered only after its follow-up), through the round's last session.
 */
export async function runRhythm(runtime: Runtime, clock: ManualClock, leadSlackId: string, say: (line: string) => void): Promise<RhythmFigures> {
  const slack = runtime.sandbox.slack!;
  const sessions = await runtime.db.selectFrom('pod_session').innerJoin('pod', 'pod.id', 'pod_session.pod_id')
    .select(['pod_session.id', 'pod_session.index', 'pod.id as podId', 'pod.name']).where('pod.status', 'in', ['confirmed', 'scheduled', 'running']).orderBy('pod.name').execute();
  const end = await endOfRound(runtime);
  const podOrder = [...new Set(sessions.map((s) => s.podId))];
  if (!end || podOrder.length === 0) {
    say('Rhythm: no pod has sessions yet (they are written when a pod is confirmed), so no weeks to run.');
    return figures(runtime, 0);
  }
  const [skipper, swapper, slow] = podOrder;
  const bySession = new Map(sessions.map((s) => [s.id, { ...s, pod: podOrder.indexOf(s.podId) }]));
  const handled = new Set<string>();
  const ownerOf = (m: StoredMessage) => [...(slack.workspace.conversations.byId.get(m.channel)?.members ?? [])].find((u) => u !== slack.workspace.app.botUserId);
  const press = async (m: StoredMessage, actionId: string) => {
    const user = ownerOf(m);
    if (user) await slack.driver.clickButton({ userId: user, actionId, message: { channel: m.channel, ts: m.ts } });
  };
  const names = new Map(sessions.map((s) => [s.podId, s.name]));
  const react = async () => {
    for (const m of slack.log.messages()) {
      const k = key(m);
      const match = /^session\/([0-9a-f-]{36})(?:\/v\d+)?\/(prompt|check-in|check-in\/follow-up)$/.exec(k);
      if (!match || handled.has(k)) continue;
      handled.add(k);
      const s = bySession.get(match[1]!);
      if (!s) continue;
      const kind = match[2];
      if (kind === 'prompt' && s.podId === skipper && s.index === 1) {
        await press(m, 'rhythm_skip');
        say(`  ${names.get(s.podId)}: the facilitator says "We'll skip this week" for session ${s.index + 1}`);
      } else if (kind === 'prompt' && s.podId === swapper && s.index === 0) {
        await press(m, 'rhythm_swap');
        say(`  ${names.get(s.podId)}: the facilitator swaps their turn for session 1`);
      } else if (kind === 'check-in' && s.podId === skipper && s.index === 2) {
        await press(m, 'rhythm_skipped');
        say(`  ${names.get(s.podId)}: "We skipped" session ${s.index + 1} (a second miss in a row)`);
        await drain(runtime);
        await openHome(slack, leadSlackId);
        const flag = JSON.stringify(slack.log.homeViews(leadSlackId).at(-1)?.blocks ?? []).match(/Pods needing attention \((\d+)\)/);
        say(`  Lead home now: ${flag ? `${flag[1]} pod(s) needing attention` : 'no flag (unexpected)'}; the pod got a gentle note`);
      } else if (kind === 'check-in' && s.podId === slow && s.index === 0) {
        say(`  ${names.get(s.podId)}: nobody answers the first check-in...`);
      } else if (kind !== 'prompt') {
        await press(m, 'rhythm_met');
        if (kind === 'check-in/follow-up') say(`  ${names.get(s.podId)}: "We met", after the follow-up`);
      }
    }
    await drain(runtime);
  };
  say(`Rhythm: ${podOrder.length} pods, ${sessions.length} sessions; the clock runs to ${DateTime.fromJSDate(end, { zone: 'utc' }).toFormat('ccc d LLL HH:mm')} UTC`);
  await advanceRhythm(runtime, clock, end, react);
  await openHome(slack, leadSlackId);
  const flags = JSON.stringify(slack.log.homeViews(leadSlackId).at(-1)?.blocks ?? []).match(/Pods needing attention \((\d+)\)/);
  say(`  End of the round, lead home: ${flags ? `${flags[1]} pod(s) needing attention` : 'no pod needs attention (a flag clears when the pod meets again)'}`);
  const held = await runtime.db.selectFrom('pod_session').select((eb) => eb.fn.countAll<number>().as('n')).where('starts_at', '<=', clock.now()).executeTakeFirstOrThrow();
  const result = await figures(runtime, Number(held.n));
  say(`  ${result.prompts} prompts, ${result.reminders} reminders, ${result.checkIns} check-ins; ${result.met} met, ${result.skipped} skipped, ${result.flagged} flagged, ${result.swaps} swapped; ` +
    `${result.outsideQuietHours} outside quiet hours, ${result.overCap} over the weekly cap, ${result.duplicates} duplicates`);
  return result;
}

/** Kinds of message that count toward a person's weekly cap, by outbox key (read from the emulator). */
const COUNTED = /^(invite\/[^/]+\/(message|reminder)|session\/.+\/(prompt|reminder|check-in|check-in\/follow-up|handover\/.+|skip-notice)|pod\/[^/]+\/attention\/.+)$/;
const NUDGE = /^(invite\/[^/]+\/(message|reminder)|session\/|pod\/[^/]+\/attention\/|digest\/)/;

/**
 * The chapter's figures, counted from the Slack emulator's messages (who received each, and the
 * demo clock at delivery, which stamps each message's ts) and its click log, not our database.
 */
async function figures(runtime: Runtime, sessions: number): Promise<RhythmFigures> {
  const slack = runtime.sandbox.slack!;
  const messages = slack.log.messages().filter((m) => NUDGE.test(key(m)));
  const zones = new Map([...slack.workspace.users.values()].map((u) => [u.id, (u as { tz?: string }).tz ?? 'UTC']));
  const bot = slack.workspace.app.botUserId;
  let outsideQuietHours = 0;
  const perWeek = new Map<string, number>();
  for (const m of messages) {
    const at = new Date(Number(m.ts.split('.')[0]) * 1000);
    const recipients = [...(slack.workspace.conversations.byId.get(m.channel)?.members ?? [])].filter((u) => u !== bot);
    for (const user of recipients) {
      const zone = zones.get(user) ?? 'UTC';
      // Invites are the waves' (sent at launch); the rhythm's own nudges must all respect quiet hours.
      if (!/^invite\//.test(key(m)) && !insideWindow(at, zone, QUIET_HOURS_WINDOW)) outsideQuietHours++;
      if (COUNTED.test(key(m))) {
        const week = `${user}/${localWeekStart(at, zone).toISOString()}`;
        perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
      }
    }
  }
  const cap = (await runtime.db.selectFrom('programme').select((eb) => eb.fn.min('nudge_weekly_cap').as('cap')).executeTakeFirst())?.cap ?? 3;
  const clicks = (id: string) => slack.driver.sent.filter((x) => x.type === 'block_actions' && x.actionId === id && x.status === 200).length;
  const count = (re: RegExp) => messages.filter((m) => re.test(key(m))).length;
  return {
    sessions,
    prompts: count(/\/prompt$/),
    reminders: count(/^session\/.+\/reminder$/),
    checkIns: count(/\/check-in$/),
    met: clicks('rhythm_met'),
    skipped: clicks('rhythm_skipped') + clicks('rhythm_skip'),
    flagged: count(/^pod\/[^/]+\/attention\//),
    swaps: count(/\/handover\//),
    outsideQuietHours,
    overCap: [...perWeek.values()].reduce((n, c) => n + Math.max(0, c - Number(cap)), 0),
    duplicates: slack.log.duplicates().filter((g) => NUDGE.test(key(g[0]!))).reduce((n, g) => n + g.length - 1, 0),
  };
}
