import type { HomeView, KnownBlock } from '@slack/types';
import { allows } from '../../core/permissions.ts';
import { loadActor } from '../../roster/roles.service.ts';
import { header, context } from '../blocks/common.ts';
import { homeSections } from './index.ts';
import type { HomeContext, HomeState } from './sections.ts';
import { withRhythmSections } from './rhythm.section.ts';

const MAX_BLOCKS = 100; // Slack rejects views with more.

/** The home view for one Slack user, built from the sections their roles allow. */
export async function renderHome(ctx: HomeContext, slackUserId: string, state: HomeState = {}): Promise<HomeView> {
  const actor = await loadActor(ctx.db, slackUserId, ctx.config.PEERPODS_ADMINS);
  if (!actor) {
    return {
      type: 'home',
      blocks: [
        header('Welcome to peerpods'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: "Peer-support pods: small cross-team groups that meet weekly for a few weeks.\n" +
              "You're not on the roster yet. It syncs daily; if you just joined, check back tomorrow.",
          },
        },
      ],
    };
  }
  const blocks: KnownBlock[] = [];
  for (const section of withRhythmSections(homeSections)) {
    const shown = section.permission ? allows(actor.roles, section.permission) : section.role === 'member' || actor.roles.includes(section.role);
    if (!shown) continue;
    const rendered = await section.render(ctx, actor, state);
    if (rendered.length) blocks.push(...(blocks.length ? [{ type: 'divider' } as KnownBlock] : []), ...rendered);
  }
  if (blocks.length > MAX_BLOCKS) {
    blocks.length = MAX_BLOCKS - 1;
    blocks.push(context('Some items are hidden: the home tab shows at most 100 blocks.'));
  }
  return { type: 'home', blocks };
}
