import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { teamsOutsideWave } from '../../../waves/add-teams.service.ts';
import type { AppContext } from '../../context.ts';
import { authorizeOr } from '../guard.ts';
import { rolloutPickerAnswer } from './team-options.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * The "Add teams" pickers: teams not in the wave yet (the wave is the view's private_metadata),
 * searchable, with how many people each could bring; or the departments of those teams. Leads
 * and admins only; anyone else gets no options and the refusal is audited.
 */
export function waveTeamOptions(ctx: AppContext, what: 'teams' | 'departments' = 'teams') {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const waveId = String((body as { view?: { private_metadata?: string } }).view?.private_metadata ?? '');
    const actor = await authorizeOr(ctx, body.user.id, 'wave.manage', { options: `wave ${what}`, waveId }, async () => undefined);
    if (!actor || !isUuid(waveId)) return ack({ options: [] });
    const teams = await teamsOutsideWave(ctx.db, waveId, ctx.clock.now(), ctx.config.INCLUDE_GUESTS);
    return ack(rolloutPickerAnswer(teams, what, String(body.value ?? '')));
  };
}
