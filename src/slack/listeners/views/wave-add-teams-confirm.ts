import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { TeamRule } from '../../../core/rollout/team-rule.ts';
import { additionJobId, requestAddition, teamsToAdd } from '../../../waves/add-teams.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { MAX_DEPARTMENTS_ADDED, MAX_TEAMS_ADDED, ruleText, teamsDigest } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guardSubmission } from '../guard-view.ts';
import { confirmation, uuid } from './wave-add-teams-show.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_reached') }),
  z.object({ kind: z.literal('departments'), departments: z.array(z.string().min(1).max(150)).min(1).max(MAX_DEPARTMENTS_ADDED) }),
  z.object({ kind: z.literal('largest'), count: z.number().int().min(1).max(10_000) }),
]);
const confirmed = z.union([
  z.object({ w: uuid, t: z.array(uuid).min(1).max(MAX_TEAMS_ADDED) }),
  z.object({ w: uuid, r: rule, h: z.string().min(1).max(40) }),
]);

/**
 * Step 2 ("Add and invite"): a rule is resolved again; if it now chooses other teams than the
 * lead saw, they get the new count to confirm instead. Stored before the ack, then the job
 * matches and invites.
 */
export function waveAddTeamsConfirm(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const parsed = confirmed.safeParse((() => { try { return JSON.parse(view.private_metadata); } catch { return undefined; } })());
    const waveId = parsed.success ? parsed.data.w : '';
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.manage', { waveId, action: 'add_teams' });
    if (!actor) return;
    if (!parsed.success) return ack({ response_action: 'update', view: noticeView('Add teams', 'This request is not valid any more: open the wave and add teams again.') });
    let teamIds: string[];
    let rule: TeamRule | undefined;
    try {
      if ('t' in parsed.data) teamIds = parsed.data.t;
      else {
        rule = parsed.data.r;
        teamIds = await teamsToAdd(ctx.db, waveId, rule, ctx.clock.now(), ctx.config.INCLUDE_GUESTS);
        if (teamsDigest(teamIds) !== parsed.data.h) {
          const again = await confirmation(ctx, waveId, rule, true);
          return ack({ response_action: 'update', view: 'error' in again ? noticeView('Add teams', `${again.error}: nothing was added.`) : again.view } as never);
        }
      }
    } catch (e) {
      if (e instanceof WaveControlError) return ack({ response_action: 'update', view: noticeView('Add teams', e.message) });
      throw e;
    }
    let additionId: string;
    try {
      additionId = await requestAddition(ctx.db, { waveId, teamIds, actor: { personId: actor.person.id, slackUserId: body.user.id }, ...(rule ? { rule: ruleText(rule) } : {}) }, ctx.clock.now());
    } catch (e) {
      if (e instanceof WaveControlError) return ack({ response_action: 'update', view: noticeView('Add teams', e.message) });
      throw e;
    }
    await ack({ response_action: 'update', view: noticeView('Add teams', `Matching the people of ${teamIds.length} team${teamIds.length === 1 ? '' : 's'} into new pods: their invites go out as DMs (inside each person's working hours), and you get a summary in a DM.`) });
    await ctx.enqueue('wave-add-teams', { additionId }, { jobId: additionJobId(additionId) });
  };
}
