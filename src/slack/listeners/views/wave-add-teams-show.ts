import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { TeamRule } from '../../../core/rollout/team-rule.ts';
import { additionPreview, teamsToAdd } from '../../../waves/add-teams.service.ts';
import { addTeamsConfirmView } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';

// Shared by the two steps of "Add teams" (pick, confirm): each has a file of its own.
export const uuid = z.string().uuid();

/** The confirmation for a choice: teams resolved now and the people they bring. */
export async function confirmation(ctx: AppContext, waveId: string, rule: TeamRule, changed = false): Promise<{ error: string } | { teamIds: string[]; view: ModalView }> {
  const now = ctx.clock.now();
  const teamIds = await teamsToAdd(ctx.db, waveId, rule, now, ctx.config.INCLUDE_GUESTS);
  if (teamIds.length === 0) return { error: 'No team outside this wave with people available matches this rule' };
  const preview = await additionPreview(ctx.db, waveId, teamIds, now, ctx.config.INCLUDE_GUESTS);
  if (preview.people === 0) return { error: 'Nobody in these teams can be invited now (all in pods, invited elsewhere, paused or not enrolled)' };
  return { teamIds, view: addTeamsConfirmView({ waveId, teamIds, teams: preview.teams.map((t) => t.name), people: preview.people, minSize: preview.minSize, maxSize: preview.maxSize, rule, changed }) };
}
