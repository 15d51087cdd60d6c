// The wave modal's rendering, shared by the handlers that open, page and refresh it.
import type { WebClient } from '@slack/web-api';
import { waveDetail } from '../../../waves/wave-detail.repository.ts';
import { waveFunnel } from '../../../waves/wave.repository.ts';
import { section } from '../../blocks/common.ts';
import { modal } from '../../blocks/modal.ts';
import { waveDetailView } from '../../blocks/wave-detail.blocks.ts';
import type { AppContext } from '../../context.ts';

/** The wave modal as it reads now, for `page`; undefined when the wave is gone. */
export async function renderWaveDetail(ctx: AppContext, waveId: string, page: number, timezone?: string) {
  const detail = await waveDetail(ctx.db, waveId, ctx.clock.now());
  if (!detail) return undefined;
  return waveDetailView({ detail, funnel: await waveFunnel(ctx.db, waveId), page, ...(timezone ? { timezone } : {}) });
}

/** Replaces an open wave modal with its current state (after a page turn, a nudge, an extension). */
export async function refreshWaveDetail(ctx: AppContext, client: WebClient, viewId: string, waveId: string, page: number, timezone?: string): Promise<void> {
  const view = await renderWaveDetail(ctx, waveId, page, timezone);
  await client.views.update({ view_id: viewId, view: view ?? modal({ callbackId: 'wave_detail', title: 'Wave', blocks: [section('This wave no longer exists.')] }) });
}
