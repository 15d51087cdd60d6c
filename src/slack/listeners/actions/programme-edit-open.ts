import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { findProgramme } from '../../../programmes/programme.repository.ts';
import { programmeInputOf } from '../../../programmes/programme.service.ts';
import { PROGRAMME_DEFAULTS } from '../../../programmes/programme.settings.ts';
import { programmeModal } from '../../blocks/programme.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';

/** "New programme" / "Edit" on the lead home: the settings modal, with the practice's defaults. */
export function programmeEditOpen(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    if (!(await guard(ctx, client, body.user.id, 'programme.edit'))) return;
    const existing = action.value ? await findProgramme(ctx.db, action.value) : undefined;
    const values = existing ? programmeInputOf(existing) : { ...PROGRAMME_DEFAULTS, name: '' };
    await client.views.open({ trigger_id: body.trigger_id, view: programmeModal(values, existing?.id) });
  };
}
