import { context, header, section } from '../blocks/common.ts';
import type { HomeSection } from './sections.ts';

/** HR: rollout in aggregate only; never an individual's answers (DESIGN.md §7). */
export const hrSection: HomeSection = {
  id: 'hr',
  role: 'hr',
  async render(ctx) {
    const people = await ctx.db
      .selectFrom('person')
      .select((eb) => [eb.fn.countAll<string>().as('total')])
      .where('status', '!=', 'left')
      .executeTakeFirstOrThrow();
    const pods = await ctx.db
      .selectFrom('pod')
      .select((eb) => [eb.fn.countAll<string>().as('total')])
      .where('status', 'not in', ['proposed', 'dissolved'])
      .executeTakeFirstOrThrow();
    return [
      header('Rollout'),
      section(`*${people.total}* people on the roster · *${pods.total}* pods formed so far`),
      context('Figures over fewer than 5 people are never shown.'),
    ];
  },
};
