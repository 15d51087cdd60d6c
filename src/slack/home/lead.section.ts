import { actions, button, context, header, section } from '../blocks/common.ts';
import type { HomeSection } from './sections.ts';

/** Programme leads: programmes and waves at a glance, and where to launch the next wave. */
export const leadSection: HomeSection = {
  id: 'lead',
  role: 'lead',
  async render(ctx) {
    const programmes = await ctx.db.selectFrom('programme').select(['id', 'name']).where('archived_at', 'is', null).execute();
    const waves = await ctx.db
      .selectFrom('wave')
      .select(['name', 'status'])
      .where('status', 'not in', ['done', 'cancelled'])
      .orderBy('created_at', 'desc')
      .execute();
    return [
      header('Programme lead'),
      section(
        programmes.length
          ? `*Programmes:* ${programmes.map((p) => p.name).join(', ')}`
          : 'No programme yet. Create one to set pod size, cadence and the facilitation guide.',
      ),
      context(waves.length ? waves.map((w) => `${w.name}: ${w.status}`).join(' · ') : 'No wave in progress.'),
      actions('lead_controls', [button('Launch wave', 'wave_launch_open', undefined, 'primary'), button('New programme', 'programme_edit_open')]),
    ];
  },
};
