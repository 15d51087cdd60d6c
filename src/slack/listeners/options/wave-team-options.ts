import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { searchTeams } from '../../../core/rollout/team-rule.ts';
import { rolloutTeams } from '../../../waves/rollout.repository.ts';
import { option } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { authorizeOr } from '../guard.ts';
import { optionsAnswer } from './team-options.ts';

/**
 * The "Add teams" picker: teams not in the wave yet (the wave is the view's private_metadata),
 * searchable, with how many people each could bring. Leads and admins only; anyone else gets no
 * options and the refusal is audited.
 */
export function waveTeamOptions(ctx: AppContext) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const waveId = String((body as { view?: { private_metadata?: string } }).view?.private_metadata ?? '');
    const actor = await authorizeOr(ctx, body.user.id, 'wave.manage', { options: 'wave teams', waveId }, async () => undefined);
    if (!actor || !/^[0-9a-f-]{36}$/i.test(waveId)) return ack({ options: [] });
    const inWave = new Set((await ctx.db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute()).map((r) => r.team_id));
    const teams = (await rolloutTeams(ctx.db, ctx.clock.now(), { includeGuests: ctx.config.INCLUDE_GUESTS })).filter((t) => !inWave.has(t.id));
    const found = searchTeams(teams, String(body.value ?? ''));
    return ack(optionsAnswer(found.map((t) => option(`${t.name} · ${t.available} available${t.reached ? ' · reached' : ''}`, t.id)), 'teams'));
  };
}
