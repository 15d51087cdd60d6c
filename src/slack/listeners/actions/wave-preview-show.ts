import type { WebClient } from '@slack/web-api';
import { loadPreview } from '../../../waves/draft.service.ts';
import { noticeView, previewView } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { isUuid } from '../../../core/ids.ts';

/**
 * Puts a draft's stored preview (at `page`) into the lead's modal, or says why there is none.
 * Shared by every preview control, so each handler file stays one handler.
 */
export async function showPreview(ctx: AppContext, client: WebClient, viewId: string, waveId: string, page: number): Promise<void> {
  const preview = isUuid(waveId) ? await loadPreview(ctx.db, waveId) : undefined;
  const status = preview ? undefined : (await ctx.db.selectFrom('wave').select('status').where('id', '=', isUuid(waveId) ? waveId : '00000000-0000-0000-0000-000000000000').executeTakeFirst())?.status;
  await client.views.update({ view_id: viewId, view: preview ? previewView(preview, page) : noticeView('Preview', status && status !== 'draft' ? `This wave is already ${status}.` : 'This draft has no preview any more: open "Launch wave" again.') });
}
