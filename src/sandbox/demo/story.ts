import { sql } from 'kysely';
import type { ManualClock } from '../../platform/clock.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { syncRoster } from '../../roster/sync.service.ts';
import type { DemoPerson } from './organisation.ts';
import { drainQueues } from '../../platform/drain.ts';

const drain = (runtime: Runtime) => drainQueues(runtime.backend, [...(runtime.workers?.workers.keys() ?? [])], 60_000);

export interface DemoFigures {
  people: number;
  teams: number;
  extra: Record<string, number>;
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
  const again = await syncRoster({ ...runtime });
  const teams = await runtime.db
    .selectFrom('team')
    .leftJoin('person', 'person.team_id', 'team.id')
    .select(['team.name', sql<number>`count(person.id)::int`.as('headcount')])
    .groupBy('team.name')
    .orderBy('team.name')
    .execute();
  const people = await runtime.db.selectFrom('person').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  say(`Roster sync: ${people.n} people in ${teams.length} teams (${teams.map((t) => `${t.name} ${t.headcount}`).join(', ')})`);
  say(`  first run ${JSON.stringify(first.stats)}`);
  say(`  re-sync   ${JSON.stringify(again.stats)}`);

  // 2. Home tabs: the admin, and an employee, open the app.
  await slack.driver.openHome(story.slackIds.get(story.admin.email)!);
  await drain(runtime);
  return { people: people.n, teams: teams.length, extra: {} };
}
