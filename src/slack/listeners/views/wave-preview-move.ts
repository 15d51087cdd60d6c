import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { DraftEditError, draftMembers, loadPreview, moveOutOfDraft } from '../../../waves/draft.service.ts';
import { MOVE_FIELD, moveOutView, previewView } from '../../blocks/launch.blocks.ts';
import { option, readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { authorizeOr, guard } from '../guard.ts';
import { guardSubmission } from '../guard-view.ts';
import { optionsAnswer } from '../options/team-options.ts';

const isId = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

/** "Move someone out…" in the preview: pushes the person picker. */
export function wavePreviewMoveOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.preview', { waveId, action: 'move_out' });
    if (!actor || !isId(waveId)) return;
    await client.views.push({ trigger_id: body.trigger_id, view: moveOutView(waveId, (await draftMembers(ctx.db, waveId)).length) });
  };
}

/** The picker's options: the draft's placed people whose name or team matches, "Name (Team) · Pod 3". Leads only. */
export function draftPeopleOptions(ctx: AppContext) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const waveId = String((body as { view?: { private_metadata?: string } }).view?.private_metadata ?? '');
    const actor = await authorizeOr(ctx, body.user.id, 'wave.preview', { options: 'draft people', waveId }, async () => undefined);
    if (!actor || !isId(waveId)) return ack({ options: [] });
    const q = String(body.value ?? '').trim().toLowerCase();
    const found = (await draftMembers(ctx.db, waveId)).filter((m) => `${m.name} ${m.team}`.toLowerCase().includes(q));
    return ack(optionsAnswer(found.map((m) => option(`${m.name} (${m.team}) · ${m.pod}`, m.id)), 'people'));
  };
}

/** "Move out": checked and stored before the ack (a refusal is an inline error); the preview underneath shows the new figures. */
export function wavePreviewMove(ctx: AppContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const waveId = view.private_metadata;
    const actor = await guardSubmission(ctx, ack, body.user.id, 'wave.preview', { waveId, action: 'move_out' });
    if (!actor) return;
    const personId = readState(view.state.values as Record<string, Record<string, unknown>>)[MOVE_FIELD];
    const error = (message: string) => ack({ response_action: 'errors', errors: { [MOVE_FIELD]: message } } as never);
    if (!isId(waveId) || typeof personId !== 'string' || !isId(personId)) return error('Pick someone from the list');
    try {
      await moveOutOfDraft(ctx.db, waveId, personId, { personId: actor.person.id, slackUserId: body.user.id }, ctx.clock.now());
    } catch (e) {
      if (e instanceof DraftEditError) return error(e.message);
      throw e;
    }
    await ack();
    const preview = await loadPreview(ctx.db, waveId);
    if (view.previous_view_id && preview) await client.views.update({ view_id: view.previous_view_id, view: previewView(preview) });
  };
}
