import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { loadPreview, requestRerun } from '../../../waves/draft.service.ts';
import { WaveNotDraftError } from '../../../waves/preview.service.ts';
import { jobId } from '../../../queue/job-id.ts';
import { section } from '../../blocks/common.ts';
import { CONFIRM_CALLBACK, noticeView, preparingView, previewView } from '../../blocks/launch.blocks.ts';
import { modal } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const isId = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

async function showPreview(ctx: AppContext, client: WebClient, viewId: string, waveId: string, page: number): Promise<void> {
  const preview = isId(waveId) ? await loadPreview(ctx.db, waveId) : undefined;
  const status = preview ? undefined : (await ctx.db.selectFrom('wave').select('status').where('id', '=', isId(waveId) ? waveId : '00000000-0000-0000-0000-000000000000').executeTakeFirst())?.status;
  await client.views.update({ view_id: viewId, view: preview ? previewView(preview, page) : noticeView('Preview', status && status !== 'draft' ? `This wave is already ${status}.` : 'This draft has no preview any more: open "Launch wave" again.') });
}

/** "Open preview" on a draft of the lead home: the stored preview, without matching again. */
export function wavePreviewOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId });
    if (!actor) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: modal({ callbackId: CONFIRM_CALLBACK, title: 'Preview', close: 'Close', blocks: [section(':hourglass_flowing_sand: Loading the draft…')] }) });
    await showPreview(ctx, client, opened.view!.id!, waveId, 0);
  };
}

/** "Previous"/"Next" in the preview: value is `<waveId>|<page>`. */
export function wavePreviewPage(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const [waveId = '', page = '0'] = (action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId });
    if (!actor || !body.view) return;
    await showPreview(ctx, client, body.view.id, waveId, Math.max(0, Number.parseInt(page, 10) || 0));
  };
}

/**
 * "Re-run with a new seed": the request is stored (and audited) before the ack, the modal shows
 * "matching…", and the preview job replaces it with the new pods and figures. The job id names the
 * seed, so a re-run within the same instant as the last preview is not taken for it.
 */
export function wavePreviewRerun(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'rerun' });
    if (!actor || !body.view || !isId(waveId)) return ack();
    const now = ctx.clock.now();
    let seed: number;
    try {
      seed = await requestRerun(ctx.db, waveId, { viewId: body.view.id, slackUserId: body.user.id, personId: actor.person.id }, now);
    } catch (error) {
      await ack();
      if (error instanceof WaveNotDraftError) return tell(client, body.user.id, `:no_entry: ${error.message}`);
      throw error;
    }
    await ack();
    await client.views.update({ view_id: body.view.id, view: preparingView(waveId) });
    await ctx.enqueue('wave-preview', { waveId, viewId: body.view.id, slackUserId: body.user.id }, { jobId: jobId('wave-preview', waveId, now.getTime(), seed) });
  };
}
