import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { TeamRule } from '../../../core/rollout/team-rule.ts';
import { teamRuleOf } from '../../../waves/launch-input.ts';
import { additionJobId, additionPreview, requestAddition, teamsToAdd } from '../../../waves/add-teams.service.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { ADD_TEAMS, addTeamsConfirmView, MAX_DEPARTMENTS_ADDED, MAX_TEAMS_ADDED, ruleText, teamsDigest } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guardSubmission } from '../guard-view.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
const uuid = z.string().uuid();
const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_reached') }),
  z.object({ kind: z.literal('departments'), departments: z.array(z.string().min(1).max(150)).min(1).max(MAX_DEPARTMENTS_ADDED) }),
  z.object({ kind: z.literal('largest'), count: z.number().int().min(1).max(10_000) }),
]);
const confirmed = z.union([
  z.object({ w: uuid, t: z.array(uuid).min(1).max(MAX_TEAMS_ADDED) }),
  z.object({ w: uuid, r: rule, h: z.string().min(1).max(40) }),
]);

/** Modal field → block id, for inline errors where the lead typed. */
const BLOCK: Record<string, string> = { teamIds: ADD_TEAMS.field, departments: ADD_TEAMS.departments, teamCount: ADD_TEAMS.count, teamRule: ADD_TEAMS.rule };

/**
 * Step 1 ("Preview"): the lead's rule (the launch modal's: every team not reached yet,
 * departments, next N largest) or picked teams, resolved against the roster as it is now, become
 * a confirmation with the count of teams and people.
 */
export function waveAddTeamsPick(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.manage', { waveId, action: 'add_teams' });
    if (!actor) return;
    const state = readState(view.state.values as Record<string, Record<string, unknown>>);
    const errors = (byField: Record<string, string>) => ack({ response_action: 'errors', errors: Object.fromEntries(Object.entries(byField).map(([k, m]) => [BLOCK[k] ?? ADD_TEAMS.field, m])) } as never);
    if (!uuid.safeParse(waveId).success) return ack({ response_action: 'update', view: noticeView('Add teams', 'This wave no longer exists.') });
    const chosen = teamRuleOf({ teamRule: state[ADD_TEAMS.rule], teamIds: state[ADD_TEAMS.field], departments: state[ADD_TEAMS.departments], teamCount: state[ADD_TEAMS.count] });
    if ('errors' in chosen) return errors(chosen.errors);
    const { rule: picked } = chosen;
    if (picked.kind === 'picked' && (picked.teamIds.length > MAX_TEAMS_ADDED || !picked.teamIds.every((t) => uuid.safeParse(t).success))) return errors({ teamIds: `Pick up to ${MAX_TEAMS_ADDED} teams from the list` });
    if (picked.kind === 'departments' && picked.departments.length > MAX_DEPARTMENTS_ADDED) return errors({ departments: `Pick up to ${MAX_DEPARTMENTS_ADDED} departments` });
    try {
      const answer = await confirmation(ctx, waveId, picked);
      if ('error' in answer) return errors({ [picked.kind === 'picked' ? 'teamIds' : 'teamRule']: answer.error });
      return ack({ response_action: 'update', view: answer.view } as never);
    } catch (e) {
      if (e instanceof WaveControlError) return errors({ [picked.kind === 'picked' ? 'teamIds' : 'teamRule']: e.message });
      throw e;
    }
  };
}

/** The confirmation for a choice: teams resolved now and the people they bring. */
async function confirmation(ctx: AppContext, waveId: string, rule: TeamRule, changed = false): Promise<{ error: string } | { teamIds: string[]; view: ModalView }> {
  const now = ctx.clock.now();
  const teamIds = await teamsToAdd(ctx.db, waveId, rule, now, ctx.config.INCLUDE_GUESTS);
  if (teamIds.length === 0) return { error: 'No team outside this wave with people available matches this rule' };
  const preview = await additionPreview(ctx.db, waveId, teamIds, now, ctx.config.INCLUDE_GUESTS);
  if (preview.people === 0) return { error: 'Nobody in these teams can be invited now (all in pods, invited elsewhere, paused or not enrolled)' };
  return { teamIds, view: addTeamsConfirmView({ waveId, teamIds, teams: preview.teams.map((t) => t.name), people: preview.people, minSize: preview.minSize, maxSize: preview.maxSize, rule, changed }) };
}

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
