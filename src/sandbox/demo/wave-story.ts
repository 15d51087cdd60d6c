import { sql } from 'kysely';
import type { ManualClock } from '../../platform/clock.ts';
import { drainQueues } from '../../platform/drain.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { saveProgramme } from '../../programmes/programme.service.ts';
import { reconcile } from '../../reconcile/reconcile.service.ts';
import { rolloutFigures } from '../../core/rollout/team-rule.ts';
import { rolloutTeams } from '../../waves/rollout.repository.ts';
import { waveFunnel, type FunnelCounts } from '../../waves/wave.repository.ts';
import { Progress } from '../../cli/progress.ts';
import type { SlackEmulator } from '../slack/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const drain = (runtime: Runtime) => drainQueues(runtime.backend, [...(runtime.workers?.workers.keys() ?? [])], 900_000);

export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens the home tab and waits until the app has published it (it does so after the ack). */
export async function openHome(slack: SlackEmulator, userId: string): Promise<void> {
  const before = slack.log.homeViews(userId).length;
  await slack.driver.openHome(userId);
  await until(() => slack.log.homeViews(userId).length > before, 'the home tab');
}

/** A deterministic "coin" per person, so each run answers the same way. */
function coin(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

export interface WaveOutcome {
  funnel: FunnelCounts;
  answers: { accepted: number; declined: number; notThisTime: number; left: number; silent: number };
  reminders: number;
  teams: string[];
  /** Teams the launch modal offered, teams the rule chose, and the people in the wave's pool. */
  launch: { teamsOffered: number; teamsLaunched: number; people: number };
}

/**
 * A lead launches a wave for part of the organisation through the Slack UI (home tab →
 * launch modal → preview → launch); simulated employees answer their invites in Slack (most
 * accept, some say "not this time", some never answer); time moves past the 48-hour reminder
 * and the invite deadline, and the pods that made it are confirmed.
 */
export async function runWave(
  runtime: Runtime,
  clock: ManualClock,
  lead: { slackId: string; personId: string },
  say: (line: string) => void,
): Promise<WaveOutcome> {
  const slack = runtime.sandbox.slack!;
  const programme = await saveProgramme(runtime.db, { name: 'Peer pods' }, { personId: lead.personId, slackUserId: lead.slackId }, clock.now());
  // Rollout step by step: the first wave covers part of the company, chosen by a rule in the
  // launch modal (the largest teams not reached yet), not by ticking teams one by one.
  const offered = rolloutFigures(await rolloutTeams(runtime.db, clock.now()));
  const teamCount = offered.teams <= 12 ? Math.min(8, offered.teams) : Math.ceil(offered.teams * 0.4);
  const startWeek = new Date(clock.now().getTime() + 14 * DAY).toISOString().slice(0, 10);
  const deadline = new Date(clock.now().getTime() + 11 * DAY).toISOString().slice(0, 10);
  say(`Programme "Peer pods" (4–5 people, weekly, 6 × 60 min). ${offered.teams} teams have ${offered.people} people available; launching a wave for "the next ${teamCount} teams not reached yet, largest first"; start week ${startWeek}, invite deadline ${deadline}`);

  await openHome(slack, lead.slackId);
  await slack.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
  await until(() => slack.workspace.views.topModal(lead.slackId)?.callback_id === 'wave_launch_preview', 'the launch modal');
  const submitted = await slack.driver.submitView({
    userId: lead.slackId,
    values: { programme: programme.id, team_rule: 'largest', team_count: String(teamCount), start_week: startWeek, invite_deadline: deadline },
  });
  if ((submitted.body as { response_action?: string }).response_action !== 'update') {
    throw new Error(`demo: the launch modal refused the input: ${JSON.stringify(submitted.body)}`);
  }
  // The matcher runs in a job after the ack; the modal shows "Matching…" until it is done.
  await until(() => (slack.workspace.views.topModal(lead.slackId)?.title as { text?: string } | undefined)?.text === 'Preview', 'the preview', 600_000);
  const preview = slack.workspace.views.topModal(lead.slackId)!;
  const figures = preview.blocks.map((block) => (block as { text?: { text?: string } }).text?.text ?? '').find((text) => text.includes('Cross-team'));
  say(`Preview shown to the lead before anything is sent:\n  ${(figures ?? '').replace(/\*/g, '').replace(/\n/g, '\n  ')}`);
  await slack.driver.submitView({ userId: lead.slackId });
  const waveId = preview.private_metadata;
  await until(async () => (await runtime.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirst())?.status === 'inviting', 'the launch', 600_000);
  await drain(runtime);
  const invited = await waveFunnel(runtime.db, waveId);
  const chosen = await runtime.db.selectFrom('wave_team').innerJoin('team', 'team.id', 'wave_team.team_id').select('team.name').where('wave_id', '=', waveId).orderBy('team.name').execute();
  const names = chosen.map((t) => t.name);
  say(`Launched over ${names.length} teams (${names.length > 12 ? `${names.slice(0, 12).join(', ')} and ${names.length - 12} more` : names.join(', ')}): ${invited.invited} people invited into ${invited.podsInviting} pods; ${invited.unplaced} left unplaced with a reason`);

  // Invites reach each person inside their own working hours (the respect policy): the clock
  // runs an hour at a time until the last held invite has gone out, then people answer.
  for (let hours = 0; hours < 96 && (await heldInvites(runtime)) > 0; hours++) {
    clock.advance(HOUR);
    await reconcile(runtime);
    await drain(runtime);
  }
  const answers = await answerInvites(runtime, slack, waveId);
  const backfills = (await waveFunnel(runtime.db, waveId)).invited - invited.invited;
  say(`Answers: ${answers.accepted} accepted, ${answers.declined} declined with a reason, ${answers.notThisTime} said "not this time", ${answers.left} left the programme from the home tab, ${answers.silent} never answered`);
  say(backfills > 0
    ? `  ${backfills} places freed by declines and leavers were offered to people who had been left unplaced`
    : '  Nobody was left unplaced at launch, so pods that lost someone wait for the deadline to be merged or re-matched');

  // Two days on: one reminder to those who have not answered, inside their working hours.
  const remindersBefore = reminderCount(slack);
  for (let hours = 0; hours < 72; hours += 6) {
    clock.advance(6 * HOUR);
    await reconcile(runtime);
    await drain(runtime);
  }
  const reminders = reminderCount(slack) - remindersBefore;
  say(`48 hours later: ${reminders} reminders sent, each inside the person's working hours`);

  // Past the deadline: pods at or above the minimum are confirmed, the rest merged or re-matched.
  clock.set(new Date(`${deadline}T23:00:00Z`));
  for (let round = 0; round < 3; round++) {
    await reconcile(runtime);
    await drain(runtime);
  }
  const funnel = await waveFunnel(runtime.db, waveId);
  const placed = await runtime.db.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id')
    .select(sql<number>`count(*)::int`.as('n')).where('pod.wave_id', '=', waveId).where('pod.status', 'in', ['confirmed', 'scheduled']).executeTakeFirstOrThrow();
  say(`Deadline passed: ${funnel.expired} invites expired; ${funnel.podsDissolved} pods fell below 4 and were dissolved, their members merged into other pods or re-matched and told so`);
  say(`  ${funnel.podsConfirmed} pods confirmed with ${placed.n} people, each with its weekly slot, six sessions and a group DM naming the slot and the first facilitator; ${funnel.unplaced} unplaced, each told why`);
  return { funnel, answers, reminders, teams: names, launch: { teamsOffered: offered.teams, teamsLaunched: names.length, people: invited.pool } };
}

async function heldInvites(runtime: Runtime): Promise<number> {
  const row = await runtime.db.selectFrom('nudge').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'invite').where('state', '=', 'planned').executeTakeFirstOrThrow();
  return row.n;
}

function reminderCount(slack: SlackEmulator): number {
  return slack.log.messages().filter((m) => String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '').includes('/reminder')).length;
}

type Answer = 'accept' | 'decline' | 'not_this_time' | 'leave' | 'silent';

/** Most accept; some decline (with a reason) or say "not this time"; some never answer. */
function choose(email: string): Answer {
  const roll = coin(email);
  if (roll < 0.76) return 'accept';
  if (roll < 0.82) return 'decline';
  if (roll < 0.88) return 'not_this_time';
  return 'silent';
}

/** Everyone with an open invite answers (or not), including people invited later as backfill. */
async function answerInvites(runtime: Runtime, slack: SlackEmulator, waveId: string) {
  const decided = new Set<string>();
  const counts = { accepted: 0, declined: 0, notThisTime: 0, left: 0, silent: 0 };
  for (let round = 0; round < 5; round++) {
    const pending = await runtime.db
      .selectFrom('invite')
      .innerJoin('person', 'person.id', 'invite.person_id')
      .select(['invite.id', 'person.slack_user_id', 'person.email'])
      .where('invite.wave_id', '=', waveId)
      .where('invite.status', '=', 'pending')
      .execute();
    const fresh = pending.filter((invite) => !decided.has(invite.id));
    if (fresh.length === 0) break;
    const progress = new Progress(round === 0 ? 'employees answering' : 'backfill invites answered', fresh.length);
    let done = 0;
    for (const invite of fresh) {
      decided.add(invite.id);
      const userId = invite.slack_user_id!;
      const message = slack.log
        .dmsTo(userId)
        .find((m) => (m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key === `invite/${invite.id}/message`);
      // One person in the first round leaves the programme instead of answering.
      const answer: Answer = !message ? 'silent' : round === 0 && done === 4 ? 'leave' : choose(invite.email);
      const at = message ? { channel: message.channel, ts: message.ts } : undefined;
      if (answer === 'accept' || answer === 'not_this_time') {
        await slack.driver.clickButton({ userId, actionId: answer === 'accept' ? 'invite_accept' : 'invite_not_this_time', message: at! });
      } else if (answer === 'decline') {
        await slack.driver.clickButton({ userId, actionId: 'invite_decline', message: at! });
        await until(() => slack.workspace.views.topModal(userId) !== undefined, 'the decline modal');
        await slack.driver.submitView({ userId, values: { reason: 'Too much on this quarter' } });
      } else if (answer === 'leave') {
        // Leaving the programme from the home tab withdraws the invite at once.
        await openHome(slack, userId);
        await slack.driver.clickButton({ userId, actionId: 'member_leave' });
      }
      if (answer !== 'silent') {
        await until(async () => (await runtime.db.selectFrom('invite').select('status').where('id', '=', invite.id).executeTakeFirstOrThrow()).status !== 'pending', 'an answer to be recorded');
      }
      counts[answer === 'accept' ? 'accepted' : answer === 'decline' ? 'declined' : answer === 'not_this_time' ? 'notThisTime' : answer === 'leave' ? 'left' : 'silent']++;
      progress.update(++done);
    }
    progress.done();
    await drain(runtime);
  }
  return counts;
}

export async function podSizes(runtime: Runtime, waveId: string) {
  return runtime.db
    .selectFrom('pod_member')
    .innerJoin('pod', 'pod.id', 'pod_member.pod_id')
    .select(['pod.id', sql<number>`count(*)::int`.as('size')])
    .where('pod.wave_id', '=', waveId)
    .groupBy('pod.id')
    .execute();
}
