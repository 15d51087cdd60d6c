import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { draftMembers } from '../../../waves/draft.service.ts';
import { option } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';
import { isUuid } from '../../../core/ids.ts';
import { authorizeOr } from '../guard.ts';
import { optionsAnswer } from './team-options.ts';

/** A person picker over a draft's placed people: "Name (Team) · Pod 3" whose name or team matches. Leads only. */
export function draftPeopleOptions(ctx: AppContext) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const waveId = String((body as { view?: { private_metadata?: string } }).view?.private_metadata ?? '');
    const actor = await authorizeOr(ctx, body.user.id, 'wave.preview', { options: 'draft people', waveId }, async () => undefined);
    if (!actor || !isUuid(waveId)) return ack({ options: [] });
    const q = String(body.value ?? '').trim().toLowerCase();
    const found = (await draftMembers(ctx.db, waveId)).filter((m) => `${m.name} ${m.team}`.toLowerCase().includes(q));
    return ack(optionsAnswer(found.map((m) => option(`${m.name} (${m.team}) · ${m.pod}`, m.id)), 'people'));
  };
}
