import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { jobId } from '../../../queue/job-id.ts';
import { draftSettings, requestRerun, rerunSettingsErrors } from '../../../waves/draft.service.ts';
import { WaveNotDraftError } from '../../../waves/preview.service.ts';
import { preparingView } from '../../blocks/launch.blocks.ts';
import { readState } from '../../blocks/modal.ts';
import { RERUN_FIELDS } from '../../blocks/preview-edit.blocks.ts';
import type { AppContext } from '../../context.ts';
import { isUuid } from '../../../core/ids.ts';
import { guardSubmission } from '../guard-view.ts';

/**
 * "Re-run" with other settings: checked (inline errors, nothing changes) and recorded before the
 * ack; the preview underneath shows "matching…" and the preview job replaces it with the new pods
 * and the figures before and after. The seed stays, so the job id also names the settings (a
 * re-run at the same instant with the same seed would otherwise be taken for the last one).
 */
export function wavePreviewSettings(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.preview', { waveId, action: 'rerun_settings' });
    if (!actor) return;
    const state = readState(view.state.values as Record<string, Record<string, unknown>>);
    const chosen = { minSize: Number(state[RERUN_FIELDS.minSize]), maxSize: Number(state[RERUN_FIELDS.maxSize]), podSizes: String(state[RERUN_FIELDS.podSizes] ?? '') };
    const errors = rerunSettingsErrors(chosen);
    const fields = Object.entries(errors).map(([k, message]) => [RERUN_FIELDS[k as keyof typeof RERUN_FIELDS], message]);
    if (fields.length) return ack({ response_action: 'errors', errors: Object.fromEntries(fields) } as never);
    const current = isUuid(waveId) ? await draftSettings(ctx.db, waveId) : undefined;
    const previewId = view.previous_view_id;
    if (!current || !previewId) return ack({ response_action: 'errors', errors: { [RERUN_FIELDS.minSize]: 'This draft no longer exists: open "Launch wave" again.' } } as never);
    const settings = { minSize: chosen.minSize, maxSize: chosen.maxSize, podSizes: chosen.podSizes as 'larger' | 'smaller' };
    if (settings.minSize === current.minSize && settings.maxSize === current.maxSize && settings.podSizes === current.podSizes) {
      return ack({ response_action: 'errors', errors: { [RERUN_FIELDS.minSize]: 'These are the settings it was matched with: change one, or use "Re-run with a new seed".' } } as never);
    }
    const label = `pods of ${settings.minSize}–${settings.maxSize}, ${settings.podSizes === 'larger' ? 'as few' : 'as many'} pods as possible (was ${current.minSize}–${current.maxSize}, ${current.podSizes === 'larger' ? 'as few' : 'as many'})`;
    const now = ctx.clock.now();
    let seed: number;
    try {
      seed = await requestRerun(ctx.db, waveId, { viewId: previewId, slackUserId: body.user.id, personId: actor.person.id }, now, { settings, label });
    } catch (e) {
      if (e instanceof WaveNotDraftError) return ack({ response_action: 'errors', errors: { [RERUN_FIELDS.minSize]: e.message } } as never);
      throw e;
    }
    await ack();
    await client.views.update({ view_id: previewId, view: preparingView(waveId) });
    await ctx.enqueue('wave-preview', { waveId, viewId: previewId, slackUserId: body.user.id }, { jobId: jobId('wave-preview', waveId, now.getTime(), seed, `${settings.minSize}-${settings.maxSize}-${settings.podSizes}`) });
  };
}
