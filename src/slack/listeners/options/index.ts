import type { App } from '@slack/bolt';
import { LAUNCH_FIELDS } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { rolloutOptions } from './team-options.ts';
import { waveTeamOptions } from './wave-team-options.ts';
import { ADD_TEAMS } from '../../blocks/wave-add-teams.blocks.ts';
import { MOVE_FIELD } from '../../blocks/launch.blocks.ts';
import { draftPeopleOptions } from './draft-people-options.ts';
import { SWAP_FIELDS } from '../../blocks/preview-edit.blocks.ts';

/** Options for external selects (block_suggestion), one handler per picker. */
export function registerOptions(app: App, ctx: AppContext): void {
  app.options(LAUNCH_FIELDS.teamIds, rolloutOptions(ctx, 'teams'));
  app.options(LAUNCH_FIELDS.departments, rolloutOptions(ctx, 'departments'));
  app.options(ADD_TEAMS.field, waveTeamOptions(ctx));
  app.options(ADD_TEAMS.departments, waveTeamOptions(ctx, 'departments'));
  app.options(MOVE_FIELD, draftPeopleOptions(ctx));
  app.options(SWAP_FIELDS.first, draftPeopleOptions(ctx));
  app.options(SWAP_FIELDS.second, draftPeopleOptions(ctx));
}
