import { sql } from 'kysely';
import type { ManualClock } from '../../platform/clock.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { reconcile } from '../../reconcile/reconcile.service.ts';
import type { SlackEmulator } from '../slack/index.ts';
import { drain, openHome, until } from './wave-story.ts';

export interface RetroFigures {
  pods: number;
  answered: number;
  continued: number;
  closed: number;
  consentedQuotes: number;
  secondWave: { invited: number; fromClosedPods: number; askedToContinueInvited: number };
}

type Answer = { continue: 'continue' | 'close' | 'unsure'; rating: string; recommend: 'yes' | 'no'; celebrate?: string; change?: string; cadence_next?: string; share?: boolean } | 'silent';

/**
 * How each member answers, by pod and seat: the first pod wants more (and most of it shares its
 * words), the second is split and closes, the rest mostly close, with someone silent here and there.
 */
function answerFor(podIndex: number, seat: number): Answer {
  if (podIndex === 0) {
    return seat === 4
      ? { continue: 'close', rating: '3', recommend: 'yes', change: 'A different time of day would suit me better.' }
      : { continue: 'continue', rating: seat === 0 ? '5' : '4', recommend: 'yes', cadence_next: seat < 3 ? 'fortnightly' : 'same', share: seat !== 1,
        celebrate: ['Hearing how other teams solve the same problems.', 'We actually listened to each other.', 'The case clinic on session 3.', 'Having a place to think out loud.'][seat] };
  }
  if (podIndex === 1) {
    return seat === 3 ? 'silent' : seat === 0 ? { continue: 'continue', rating: '4', recommend: 'yes', share: true, celebrate: 'Met people I would never have met.' }
      : { continue: 'close', rating: String(2 + (seat % 3)), recommend: seat % 2 ? 'yes' : 'no', change: 'Six weeks was the right length for us.' };
  }
  if (seat === 2 && podIndex % 2 === 0) return 'silent';
  return { continue: seat === 0 ? 'continue' : 'close', rating: String(2 + ((podIndex + seat) % 4)), recommend: (podIndex + seat) % 3 ? 'yes' : 'no', share: seat === 1, change: seat === 1 ? 'More structure in the first session.' : undefined };
}

async function tickAndDrain(runtime: Runtime, times = 2): Promise<void> {
  for (let i = 0; i < times; i++) {
    await reconcile(runtime);
    await drain(runtime);
  }
}

/**
 * The end of the round. Time moves to the last session of every pod (if the weeks chapter has not
 * already), each member gets the retro DM and answers through the Slack modal (or stays silent),
 * the pods decide, everyone is told; the silent are reminded once and the window closes. Then the
 * lead launches a second wave from the home tab, which invites the people whose pods closed.
 */
export async function runRetroStory(
  runtime: Runtime, clock: ManualClock, waveId: string, say: (line: string) => void,
  launchNextWave: () => Promise<string>,
): Promise<RetroFigures> {
  const slack = runtime.sandbox.slack!;
  const last = await runtime.db.selectFrom('pod_session').innerJoin('pod', 'pod.id', 'pod_session.pod_id')
    .select(sql<Date | null>`max(pod_session.starts_at)`.as('at')).where('pod.wave_id', '=', waveId).where('pod.round', '=', 1).executeTakeFirstOrThrow();
  if (!last.at) {
    say('Round end: no pod has sessions, so no retro is due.');
    return { pods: 0, answered: 0, continued: 0, closed: 0, consentedQuotes: 0, secondWave: { invited: 0, fromClosedPods: 0, askedToContinueInvited: 0 } };
  }
  if (clock.now().getTime() < last.at.getTime()) clock.set(new Date(last.at.getTime() + 5 * 60_000));
  await tickAndDrain(runtime, 3);
  const pods = await runtime.db.selectFrom('pod').select(['id', 'name']).where('wave_id', '=', waveId).where('round', '=', 1).where('retro_opened_at', 'is not', null).orderBy('name').execute();
  say(`The round's last session: ${pods.length} pods open their retro; each member gets a DM with a button to the retro form`);

  // People answer when the DM reaches them: the respect policy holds it until their own morning.
  const plan = new Map<string, Answer>();
  for (const [podIndex, pod] of pods.entries()) {
    const members = await runtime.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
      .select(['person.slack_user_id']).where('pod_member.pod_id', '=', pod.id).where('pod_member.left_at', 'is', null).orderBy('pod_member.seat').execute();
    for (const [seat, m] of members.entries()) if (m.slack_user_id) plan.set(`${pod.id} ${m.slack_user_id}`, answerFor(podIndex, seat));
  }
  let answered = 0;
  for (let hour = 0; hour <= 36; hour += 3) {
    for (const [key, answer] of plan) {
      const [podId, userId] = key.split(' ') as [string, string];
      if (answer === 'silent' || !hasAsk(slack, userId, podId)) continue;
      await answerInSlack(slack, userId, podId, answer);
      plan.set(key, 'silent');
      answered++;
    }
    await drain(runtime);
    clock.advance(3 * 3_600_000);
    await tickAndDrain(runtime, 1);
  }
  await tickAndDrain(runtime);
  const early = await outcomes(runtime, waveId);
  say(`Retro answers: ${answered} members answered in Slack; pods where everyone answered decided at once: ${early.continued} continuing, ${early.closed} closed`);

  // Two days in: one reminder to the silent, inside their waking hours. A week in: the window closes.
  clock.advance(24 * 3_600_000);
  await tickAndDrain(runtime);
  clock.advance(12 * 3_600_000);
  await tickAndDrain(runtime);
  const reminders = slack.log.messages().filter((msg) => /^pod\/[^/]+\/retro\/[^/]+\/reminder$/.test(keyOf(msg))).length;
  clock.advance(5 * 86_400_000);
  await tickAndDrain(runtime, 3);
  const done = await outcomes(runtime, waveId);
  const next = await runtime.db.selectFrom('pod').select(['name', 'round', 'round_start_week', 'settings']).where('previous_pod_id', 'is not', null).where('wave_id', '=', waveId).execute();
  say(`  ${reminders} retro reminders to the silent; when the window closed: ${done.continued} continuing, ${done.closed} closed (silence is no vote)`);
  for (const p of next) say(`  ${p.name} starts round ${p.round} the week of ${p.round_start_week} with those who said yes, ${(p.settings as { cadenceWeeks?: number }).cadenceWeeks === 2 ? 'every two weeks, as most of them chose' : 'weekly'}`);
  const outcomeDms = slack.log.messages().filter((msg) => /\/retro-outcome\//.test(keyOf(msg))).length;
  say(`  every member was told the outcome: ${outcomeDms} DMs`);
  const wave = await runtime.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirstOrThrow();
  say(`  the first wave is now ${wave.status}`);

  // The lead reads the outcomes on the home tab, then launches the next wave.
  const closedMembers = await runtime.db.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select('pod_member.person_id')
    .where('pod.wave_id', '=', waveId).where('pod.status', '=', 'closed').execute();
  const asked = await runtime.db.selectFrom('retro_response').innerJoin('pod', 'pod.id', 'retro_response.pod_id').select('retro_response.person_id')
    .where('pod.wave_id', '=', waveId).where('pod.status', '=', 'closed').where('retro_response.wants_to_continue', '=', 'continue').execute();
  const secondWaveId = await launchNextWave();
  const invited = await runtime.db.selectFrom('invite').select('person_id').where('wave_id', '=', secondWaveId).execute();
  const invitedIds = new Set(invited.map((i) => i.person_id));
  const secondWave = {
    invited: invitedIds.size,
    fromClosedPods: closedMembers.filter((m) => invitedIds.has(m.person_id)).length,
    askedToContinueInvited: asked.filter((a) => invitedIds.has(a.person_id)).length,
  };
  say(`Second wave: ${secondWave.invited} people invited, ${secondWave.fromClosedPods} of them from pods that closed (${secondWave.askedToContinueInvited} of the ${asked.length} who asked to continue, offered a place first)`);
  const consentedQuotes = Number((await runtime.db.selectFrom('retro_response').innerJoin('pod', 'pod.id', 'retro_response.pod_id').select(sql<number>`count(*)::int`.as('n'))
    .where('pod.wave_id', '=', waveId).where('retro_response.share_with_leads', '=', true)
    .where((eb) => eb.or([eb('celebrate', 'is not', null), eb('change', 'is not', null)])).executeTakeFirstOrThrow()).n);
  return { pods: pods.length, answered, continued: done.continued, closed: done.closed, consentedQuotes, secondWave };
}

async function outcomes(runtime: Runtime, waveId: string) {
  const rows = await runtime.db.selectFrom('pod').select(['status', sql<number>`count(*)::int`.as('n')]).where('wave_id', '=', waveId).where('round', '=', 1).groupBy('status').execute();
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { continued: n('continued'), closed: n('closed') };
}

const hasAsk = (slack: SlackEmulator, userId: string, podId: string) => slack.log.dmsTo(userId).some((msg) => keyOf(msg).startsWith(`pod/${podId}/retro/`));

const keyOf = (m: { metadata?: { event_payload?: unknown } }) => String((m.metadata?.event_payload as { idempotency_key?: string } | undefined)?.idempotency_key ?? '');

/** The member's own Slack path: the DM's button, the modal, submit. */
async function answerInSlack(slack: SlackEmulator, userId: string, podId: string, a: Exclude<Answer, 'silent'>): Promise<void> {
  const ask = slack.log.dmsTo(userId).filter((msg) => keyOf(msg).startsWith(`pod/${podId}/retro/`)).at(-1);
  if (!ask) throw new Error(`demo: ${userId} got no retro DM for ${podId}`);
  await slack.driver.clickButton({ userId, actionId: 'retro_open', message: { channel: ask.channel, ts: ask.ts } });
  await until(() => slack.workspace.views.topModal(userId)?.callback_id === 'retro_submit', 'the retro form');
  const { share, ...values } = a;
  const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const result = await slack.driver.submitView({ userId, values: { ...clean, ...(share ? { share: ['share'] } : {}) } });
  if ((result.body as { response_action?: string } | undefined)?.response_action !== 'update') throw new Error(`demo: the retro form refused: ${JSON.stringify(result.body)}`);
}

/** The lead's home, outcome lines only, for the story's printout. */
export async function leadOutcomeLines(slack: SlackEmulator, leadSlackId: string): Promise<string[]> {
  await openHome(slack, leadSlackId);
  const view = slack.log.homeViews(leadSlackId).at(-1);
  const texts = (view?.blocks ?? []).map((block) => (block as { text?: { text?: string } }).text?.text ?? '');
  return texts.filter((t) => /\*Retro:\*|Shared with leads|Needs attention|For the next wave/.test(t)).map((t) => t.replace(/\*/g, ''));
}

/**
 * The lead launches the next wave from the home tab over every team (the first wave covered a
 * few): its pool holds everyone invitable now, so the people whose pods closed, and not those
 * whose pods continue. Returns the new wave's id once its invites are out.
 */
export async function launchSecondWave(runtime: Runtime, clock: ManualClock, lead: { slackId: string }, programmeId: string, say: (line: string) => void): Promise<string> {
  const slack = runtime.sandbox.slack!;
  const DAY = 86_400_000;
  const monday = new Date(clock.now().getTime() + 14 * DAY);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const startWeek = monday.toISOString().slice(0, 10);
  const deadline = new Date(monday.getTime() - 3 * DAY).toISOString().slice(0, 10);
  const teams = await runtime.db.selectFrom('team').select('id').execute();
  for (const line of await leadOutcomeLines(slack, lead.slackId)) say(`Lead home: ${line.replace(/\n/g, ' / ')}`);
  await slack.driver.clickButton({ userId: lead.slackId, actionId: 'wave_launch_open' });
  await until(() => slack.workspace.views.topModal(lead.slackId)?.callback_id === 'wave_launch_preview', 'the launch modal');
  await slack.driver.submitView({ userId: lead.slackId, values: { programme: programmeId, teams: teams.map((t) => t.id), start_week: startWeek, invite_deadline: deadline } });
  await until(() => (slack.workspace.views.topModal(lead.slackId)?.title as { text?: string } | undefined)?.text === 'Preview', 'the second preview', 600_000);
  const waveId = slack.workspace.views.topModal(lead.slackId)!.private_metadata!;
  await slack.driver.submitView({ userId: lead.slackId });
  await until(async () => (await runtime.db.selectFrom('wave').select('status').where('id', '=', waveId).executeTakeFirst())?.status === 'inviting', 'the second launch', 600_000);
  await drain(runtime);
  return waveId;
}
