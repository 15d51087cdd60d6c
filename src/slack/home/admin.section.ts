import { sql } from 'kysely';
import { actions, button, context, header, section } from '../blocks/common.ts';
import type { HomeSection } from './sections.ts';

/** Admins: the roster's health and the levers that change it. */
export const adminSection: HomeSection = {
  id: 'admin',
  role: 'admin',
  async render(ctx) {
    const teams = await ctx.db
      .selectFrom('team')
      .leftJoin('person', (join) => join.onRef('person.team_id', '=', 'team.id').on('person.status', '!=', 'left'))
      .select(['team.name', sql<number>`count(person.id)::int`.as('headcount')])
      .groupBy('team.name')
      .orderBy('team.name')
      .execute();
    const lastSync = await ctx.db
      .selectFrom('roster_sync')
      .select(['finished_at', 'status'])
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return [
      header('Admin'),
      section(
        teams.length
          ? `*Teams (${teams.length}):* ${teams.map((t) => `${t.name} ${t.headcount}`).join(' · ')}`.slice(0, 2900)
          : 'No teams yet: run a roster sync or import a CSV.',
      ),
      context(lastSync ? `Last roster sync: ${lastSync.status} ${lastSync.finished_at?.toISOString() ?? ''}` : 'The roster has never been synced.'),
      actions('admin_controls', [button('Sync roster now', 'roster_sync_now'), button('Manage roles…', 'roles_open')]),
    ];
  },
};
