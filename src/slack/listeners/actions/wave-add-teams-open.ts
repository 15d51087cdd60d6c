import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { rolloutFigures } from '../../../core/rollout/team-rule.ts';
import { teamsOutsideWave } from '../../../waves/add-teams.service.ts';
import { addTeamsView } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';
import { isUuid } from '../../../core/ids.ts';

/** "Add teams…" in the wave modal: pushes the team picker (leads and admins, re-checked here). */
export function waveAddTeamsOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.manage', { waveId, action: 'add_teams' });
    if (!actor) return;
    const wave = isUuid(waveId) ? await ctx.db.selectFrom('wave').select(['name', 'status']).where('id', '=', waveId).executeTakeFirst() : undefined;
    if (!wave || wave.status !== 'inviting') return tell(client, body.user.id, `:no_entry: This wave is ${wave?.status ?? 'gone'}: teams can only be added while it is inviting.`);
    const figures = rolloutFigures(await teamsOutsideWave(ctx.db, waveId, ctx.clock.now(), ctx.config.INCLUDE_GUESTS));
    await client.views.push({ trigger_id: body.trigger_id, view: addTeamsView(waveId, wave.name, { teamsOutside: figures.teams, notReached: figures.notReached, notReachedPeople: figures.notReachedPeople }) });
  };
}
