import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { fieldErrors } from '../../../programmes/programme.settings.ts';
import { teamsByRule } from '../../../core/rollout/team-rule.ts';
import { launchDateErrors, launchInputSchema, teamRuleOf, type LaunchInput } from '../../../waves/launch-input.ts';
import { rolloutTeams } from '../../../waves/rollout.repository.ts';
import { createDraftWave } from '../../../waves/preview.service.ts';
import { findProgramme } from '../../../programmes/programme.repository.ts';
import { LAUNCH_FIELDS, preparingView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { guardSubmission } from '../guard-view.ts';
import { previewJobId } from '../../../waves/wave-requests.ts';

/**
 * "Preview" on the launch modal: validates (inline errors), creates the draft wave, swaps the
 * modal for a "matching…" view and queues the matcher, which updates the same view when done.
 */
export function waveLaunchPreview(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.preview');
    if (!actor) return;
    const state = readState(view.state.values as Record<string, Record<string, unknown>>);
    const raw: Record<string, unknown> = Object.fromEntries(Object.entries(LAUNCH_FIELDS).map(([key, field]) => [key, state[field]]));
    // Teams come from the lead's rule (or their picks), resolved against the roster as it is now.
    const chosen = teamRuleOf(raw);
    if ('rule' in chosen && chosen.rule.kind !== 'picked') {
      const teams = teamsByRule(chosen.rule, await rolloutTeams(ctx.db, now, { includeGuests: ctx.config.INCLUDE_GUESTS }));
      raw.teamIds = teams.map((t) => t.id);
    }
    const parsed = launchInputSchema.safeParse(raw);
    const errors: Record<string, string> = parsed.success ? launchDateErrors(parsed.data, now) : fieldErrors(parsed.error);
    if ('errors' in chosen) Object.assign(errors, chosen.errors);
    else if (chosen.rule.kind !== 'picked') delete errors.teamIds;
    if ('rule' in chosen && chosen.rule.kind !== 'picked' && (raw.teamIds as string[]).length === 0) errors.teamRule = 'No team with people available matches this rule';
    if (parsed.success && !('errors' in chosen)) await extraErrors(ctx, parsed.data, errors);
    if (!parsed.success || Object.keys(errors).length) {
      const byBlock = Object.fromEntries(Object.entries(errors).map(([k, msg]) => [LAUNCH_FIELDS[k as keyof typeof LAUNCH_FIELDS] ?? 'programme', msg]));
      await ack({ response_action: 'errors', errors: byBlock });
      return;
    }
    // The request is in Postgres before the ack: if the job below is lost, the reconciler redoes it.
    const wave = await createDraftWave(ctx.db, parsed.data, actor.person.id, now, { viewId: view.id, slackUserId: body.user.id });
    await ack({ response_action: 'update', view: preparingView(wave.id) });
    await ctx.enqueue('wave-preview', { waveId: wave.id, viewId: view.id, slackUserId: body.user.id }, { jobId: previewJobId(wave.id, now) });
  };
}

async function extraErrors(ctx: AppContext, input: LaunchInput, errors: Record<string, string>): Promise<void> {
  const programme = await findProgramme(ctx.db, input.programmeId);
  if (!programme) { errors.programmeId = 'That programme no longer exists'; return; }
  const min = input.minSize ?? programme.min_size;
  const max = input.maxSize ?? programme.max_size;
  if (min > max) errors.maxSize = `The largest pod must be at least the smallest (${min})`;
  const minutes = input.sessionMinutes ?? programme.session_minutes;
  if (minutes > programme.work_end_minute - programme.work_start_minute) errors.sessionMinutes = "A session must fit in the programme's working hours";
  const known = await ctx.db.selectFrom('team').select('id').where('id', 'in', input.teamIds).execute();
  if (known.length !== new Set(input.teamIds).size) errors.teamIds = 'One of these teams no longer exists: reopen the modal';
}
