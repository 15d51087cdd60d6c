import { sql } from 'kysely';
import type { ManualClock } from '../../platform/clock.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { syncRoster } from '../../roster/sync.service.ts';
import type { DemoPerson } from './organisation.ts';
import { launchSecondWave, runRetroStory, type RetroFigures } from './retro-story.ts';
import { runReportStory, type ReportFigures } from './report-story.ts';
import { drain, openHome, runWave, until, type WaveOutcome } from './wave-story.ts';
import { runRhythm, type RhythmFigures } from './rhythm-story.ts';
import { runCalendarStory, type CalendarFigures } from './calendar-story.ts';

export interface DemoFigures {
  people: number;
  teams: number;
  extra: Record<string, number>;
  retro?: RetroFigures;
  calendar?: CalendarFigures;
  /** The HR report page and CSV the demo wrote, and how many figures privacy hid. */
  report: ReportFigures;
  /** The pods' weeks (rhythm-story.ts). */
  rhythm?: RhythmFigures;
  /** The first wave's launch by rule: teams offered, teams launched, people in its pool. */
  launch: WaveOutcome['launch'];
}

export interface DemoStory {
  runtime: Runtime;
  clock: ManualClock;
  people: DemoPerson[];
  admin: DemoPerson;
  /** Slack user id by email, as seeded. */
  slackIds: Map<string, string>;
  say: (line: string) => void;
}

/** What happens in the demo, step by step, through the same paths production uses. */
export async function runDemoStory(story: DemoStory): Promise<DemoFigures> {
  const { runtime, say } = story;
  const slack = runtime.sandbox.slack!;

  // 1. The roster: peerpods learns the organisation from Slack and the Google Directory.
  const first = await syncRoster({ ...runtime, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) });
  const again = await syncRoster({ ...runtime, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) });
  const teams = await runtime.db
    .selectFrom('team')
    .leftJoin('person', 'person.team_id', 'team.id')
    .select(['team.name', sql<number>`count(person.id)::int`.as('headcount')])
    .groupBy('team.name')
    .orderBy('team.name')
    .execute();
  const people = await runtime.db.selectFrom('person').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  const listed = teams.slice(0, 24).map((t) => `${t.name} ${t.headcount}`).join(', ');
  say(`Roster sync: ${people.n} people in ${teams.length} teams (${listed}${teams.length > 24 ? ` and ${teams.length - 24} more` : ''})`);
  say(`  first run ${JSON.stringify(first.stats)}`);
  say(`  re-sync   ${JSON.stringify(again.stats)}`);

  // 2. The admin opens the home tab and makes the Head of People a programme lead.
  const adminSlackId = story.slackIds.get(story.admin.email)!;
  const leadPerson = story.people.find((p) => p.title === 'Head of Operations') ?? story.people[1]!;
  const leadSlackId = story.slackIds.get(leadPerson.email)!;
  await openHome(slack, adminSlackId);
  await slack.driver.clickButton({ userId: adminSlackId, actionId: 'roles_open' });
  await until(() => slack.workspace.views.topModal(adminSlackId) !== undefined, 'the roles modal');
  await slack.driver.submitView({ userId: adminSlackId, values: { roles_user: leadSlackId, roles_role: 'lead', roles_change: 'grant' } });
  const hrPerson = story.people.find((p) => p.team === 'People' && p.title.endsWith('Lead')) ?? story.people[2]!;
  await slack.driver.clickButton({ userId: adminSlackId, actionId: 'roles_open' });
  await until(() => slack.workspace.views.topModal(adminSlackId) !== undefined, 'the roles modal');
  await slack.driver.submitView({ userId: adminSlackId, values: { roles_user: story.slackIds.get(hrPerson.email)!, roles_role: 'hr', roles_change: 'grant' } });
  const lead = await runtime.db.selectFrom('person').select('id').where('email', '=', leadPerson.email).executeTakeFirstOrThrow();
  say(`Admin ${story.admin.name} granted the lead role to ${leadPerson.name} and HR to ${hrPerson.name} from the home tab`);

  // 3. The lead launches a wave; employees answer; time passes; pods are confirmed.
  const outcome = await runWave(runtime, story.clock, { slackId: leadSlackId, personId: lead.id }, say);
  await drain(runtime);
  // 3a. Confirmed pods are booked in Google Calendar (outbox-google), Meet links posted to their DMs.
  const calendar = await runCalendarStory(runtime, story.clock, say);
  // 3b. The pods' weeks, through the round's last session (the retro continues from there).
  const rhythm = await runRhythm(runtime, story.clock, leadSlackId, say);
  await drain(runtime);
  const firstWave = await runtime.db.selectFrom('wave').select(['id', 'programme_id']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();

  // 3c. The end of the round: retros, continue or close, and the next wave.
  const retro = await runRetroStory(runtime, story.clock, firstWave.id, say,
    () => launchSecondWave(runtime, story.clock, { slackId: leadSlackId }, firstWave.programme_id, say));

  // 4. What the lead and HR now see on their home tabs.
  for (const [who, slackId] of [['Lead', leadSlackId], ['HR', story.slackIds.get(hrPerson.email)!]] as const) {
    await openHome(slack, slackId);
    const view = slack.log.homeViews(slackId).at(-1);
    const lines = (view?.blocks ?? [])
      .map((block) => {
        const b = block as { text?: { text?: string }; elements?: { text?: string }[] };
        return b.text?.text ?? (b.elements ?? []).map((e) => e.text ?? '').join(' ');
      })
      .filter((text) => /→|people on the roster|pods formed/.test(text));
    for (const line of lines) say(`${who} home: ${line.replace(/\*/g, '').replace(/\n/g, ' / ')}`);
  }
  // 5. The last chapter (keep it last): what HR sees, and the report page and CSV as files.
  const hr = await runtime.db.selectFrom('person').select('id').where('email', '=', hrPerson.email).executeTakeFirstOrThrow();
  const report = await runReportStory(runtime, story.clock, { slackId: story.slackIds.get(hrPerson.email)!, personId: hr.id }, say);
  return {
    retro,
    calendar,
    report,
    launch: outcome.launch,
    people: people.n,
    rhythm,
    teams: teams.length,
    extra: {
      waveTeams: outcome.teams.length,
      pool: outcome.funnel.pool,
      unplaced: outcome.funnel.unplaced,
      invited: outcome.funnel.invited,
      accepted: outcome.funnel.accepted,
      declined: outcome.funnel.declined,
      neverAnswered: outcome.answers.silent,
      remindersSent: outcome.reminders,
      podsConfirmed: outcome.funnel.podsConfirmed,
      podsDissolved: outcome.funnel.podsDissolved,
    },
  };
}
