import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { additionJobId, additionPreview, requestAddition } from '../../../waves/add-teams.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { ADD_TEAMS, addTeamsConfirmView, MAX_TEAMS_ADDED } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guardSubmission } from '../guard-view.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
const uuid = z.string().uuid();
const confirmed = z.object({ w: uuid, t: z.array(uuid).min(1).max(MAX_TEAMS_ADDED) });

/** Step 1 ("Preview"): the picked teams, checked, become a confirmation with the count of people. */
export function waveAddTeamsPick(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.manage', { waveId, action: 'add_teams' });
    if (!actor) return;
    const picked = readState(view.state.values as Record<string, Record<string, unknown>>)[ADD_TEAMS.field];
    const teamIds = Array.isArray(picked) ? picked : [];
    const error = (message: string) => ack({ response_action: 'errors', errors: { [ADD_TEAMS.field]: message } } as never);
    if (!uuid.safeParse(waveId).success) return ack({ response_action: 'update', view: noticeView('Add teams', 'This wave no longer exists.') });
    if (teamIds.length === 0) return error('Pick at least one team');
    if (teamIds.length > MAX_TEAMS_ADDED || !teamIds.every((t) => uuid.safeParse(t).success)) return error(`Pick up to ${MAX_TEAMS_ADDED} teams from the list`);
    try {
      const preview = await additionPreview(ctx.db, waveId, teamIds, ctx.clock.now(), ctx.config.INCLUDE_GUESTS);
      if (preview.people === 0) return error('Nobody in these teams can be invited now (all in pods, invited elsewhere, paused or not enrolled)');
      return ack({ response_action: 'update', view: addTeamsConfirmView({ waveId, teamIds, teams: preview.teams.map((t) => t.name), people: preview.people, minSize: preview.minSize, maxSize: preview.maxSize }) } as never);
    } catch (e) {
      if (e instanceof WaveControlError) return error(e.message);
      throw e;
    }
  };
}

/** Step 2 ("Add and invite"): stored before the ack, then the job matches and invites. */
export function waveAddTeamsConfirm(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const parsed = confirmed.safeParse((() => { try { return JSON.parse(view.private_metadata); } catch { return undefined; } })());
    const waveId = parsed.success ? parsed.data.w : '';
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.manage', { waveId, action: 'add_teams' });
    if (!actor) return;
    if (!parsed.success) return ack({ response_action: 'update', view: noticeView('Add teams', 'This request is not valid any more: open the wave and add teams again.') });
    let additionId: string;
    try {
      additionId = await requestAddition(ctx.db, { waveId, teamIds: parsed.data.t, actor: { personId: actor.person.id, slackUserId: body.user.id } }, ctx.clock.now());
    } catch (e) {
      if (e instanceof WaveControlError) return ack({ response_action: 'update', view: noticeView('Add teams', e.message) });
      throw e;
    }
    await ack({ response_action: 'update', view: noticeView('Add teams', `Matching the people of ${parsed.data.t.length} team${parsed.data.t.length === 1 ? '' : 's'} into new pods: their invites go out as DMs in a moment, and you get a summary in a DM.`) });
    await ctx.enqueue('wave-add-teams', { additionId }, { jobId: additionJobId(additionId) });
  };
}
