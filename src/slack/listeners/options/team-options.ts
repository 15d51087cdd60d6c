import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { departmentsOf, departmentValue, searchTeams, type RolloutTeam } from '../../../core/rollout/team-rule.ts';
import { rolloutTeams } from '../../../waves/rollout.repository.ts';
import { option, plain } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { authorizeOr } from '../guard.ts';

/** Slack shows at most 100 options; past that the lead is told how many matched and types more. */
const MAX_OPTIONS = 100;

type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

export function optionsAnswer(all: PlainTextOption[], what: string) {
  if (all.length <= MAX_OPTIONS) return { options: all };
  return { option_groups: [{ label: plain(`First ${MAX_OPTIONS} of ${all.length} ${what}: type to narrow`), options: all.slice(0, MAX_OPTIONS) }] };
}

/** The answer of a team or department picker over these teams, searched by what the lead typed. */
export function rolloutPickerAnswer(teams: readonly RolloutTeam[], what: 'teams' | 'departments', query: string) {
  if (what === 'teams') {
    const found = searchTeams(teams, query);
    return optionsAnswer(found.map((t) => option(`${t.name} · ${t.available} available${t.reached ? ' · reached' : ''}`, t.id)), 'teams');
  }
  const q = query.trim().toLowerCase();
  const found = departmentsOf(teams).filter((d) => d.name.toLowerCase().includes(q));
  return optionsAnswer(found.map((d) => option(`${d.name} · ${d.teams} teams, ${d.available} available`, departmentValue(d.name))), 'departments');
}

/**
 * The launch modal's searchable pickers (teams, departments), served to leads only: anyone else
 * gets no options (and the refusal is audited), so team names never leak through the picker.
 */
export function rolloutOptions(ctx: AppContext, what: 'teams' | 'departments') {
  return async ({ ack, body }: OptionsArgs) => {
    const actor = await authorizeOr(ctx, body.user.id, 'wave.preview', { options: what }, async () => undefined);
    if (!actor) return ack({ options: [] });
    const teams = await rolloutTeams(ctx.db, ctx.clock.now(), { includeGuests: ctx.config.INCLUDE_GUESTS });
    return ack(rolloutPickerAnswer(teams, what, String(body.value ?? '')));
  };
}
