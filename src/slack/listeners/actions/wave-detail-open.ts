import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { waveDetail } from '../../../waves/wave-detail.repository.ts';
import { waveFunnel } from '../../../waves/wave.repository.ts';
import { section } from '../../blocks/common.ts';
import { modal } from '../../blocks/modal.ts';
import { waveDetailView } from '../../blocks/wave-detail.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

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

/**
 * "Open" on a wave of the lead home: the whole wave in a modal. A loading view opens first (the
 * trigger lasts 3 s), then the figures replace it. Leads and admins only, re-checked here.
 */
export function waveDetailOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.view', { waveId });
    if (!actor) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: modal({ callbackId: 'wave_detail', title: 'Wave', blocks: [section(':hourglass_flowing_sand: Loading the wave…')] }) });
    await refreshWaveDetail(ctx, client, opened.view!.id!, waveId, 0, actor.person.timezone);
  };
}

/** "Previous"/"Next" in the wave modal: value is `<waveId>|<page>`. */
export function waveDetailPage(ctx: AppContext) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const [waveId = '', page = '0'] = (action.value ?? '').split('|');
    const actor = await guard(ctx, client, body.user.id, 'wave.view', { waveId });
    if (!actor || !body.view) return;
    await refreshWaveDetail(ctx, client, body.view.id, waveId, Math.max(0, Number.parseInt(page, 10) || 0), actor.person.timezone);
  };
}
