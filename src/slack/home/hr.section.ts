import { sql } from 'kysely';
import { aggregateOfPeople, MIN_AGGREGATE } from '../../core/privacy.ts';
import { context, escape, header, section } from '../blocks/common.ts';
import type { HomeSection } from './sections.ts';

/** HR: rollout per team, in aggregate only; never an individual's answers (DESIGN.md §7). */
export const hrSection: HomeSection = {
  id: 'hr',
  role: 'hr',
  async render(ctx) {
    const rows = await ctx.db
      .selectFrom('team')
      .leftJoin('person', (join) => join.onRef('person.team_id', '=', 'team.id').on('person.status', '!=', 'left'))
      .select([
        'team.name',
        sql<number>`count(DISTINCT person.id)::int`.as('people'),
        sql<number>`count(DISTINCT person.id) FILTER (WHERE EXISTS (SELECT 1 FROM invite i WHERE i.person_id = person.id))::int`.as('invited'),
        sql<number>`count(DISTINCT person.id) FILTER (WHERE EXISTS (SELECT 1 FROM pod_member m JOIN pod p ON p.id = m.pod_id
          WHERE m.person_id = person.id AND m.left_at IS NULL AND p.status NOT IN ('proposed', 'dissolved')))::int`.as('inPods'),
      ])
      .groupBy('team.name')
      .orderBy('team.name')
      .execute();
    const total = rows.reduce((sum, row) => ({ people: sum.people + row.people, invited: sum.invited + row.invited, inPods: sum.inPods + row.inPods }), { people: 0, invited: 0, inPods: 0 });
    const show = aggregateOfPeople;
    const reached = rows.filter((row) => row.invited > 0).length;
    return [
      header('Rollout'),
      section(`*${show(total.people)}* people on the roster · *${show(total.invited)}* invited so far · *${show(total.inPods)}* in a pod · ${reached} of ${rows.length} teams reached`),
      section(rows.map((row) => `*${escape(row.name)}*: ${show(row.people)} people · ${show(row.invited)} invited · ${show(row.inPods)} in pods`).join('\n').slice(0, 2900) || 'No teams yet.'),
      context(`Counts under ${MIN_AGGREGATE} people show as "fewer than ${MIN_AGGREGATE}", so nobody can be picked out. Individual answers are never shown here.`),
    ];
  },
};
