import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { teamRuleOf } from '../../../waves/launch-input.ts';
import { WaveControlError } from '../../../waves/wave-control.service.ts';
import { noticeView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { ADD_TEAMS, MAX_DEPARTMENTS_ADDED, MAX_TEAMS_ADDED } from '../../blocks/wave-add-teams.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guardSubmission } from '../guard-view.ts';
import { confirmation, uuid } from './wave-add-teams-show.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

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
