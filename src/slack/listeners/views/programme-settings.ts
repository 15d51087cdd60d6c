import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { ProgrammeNameTakenError, saveProgramme } from '../../../programmes/programme.service.ts';
import { fieldErrors, programmeInputSchema } from '../../../programmes/programme.settings.ts';
import { guardSubmission } from '../guard-view.ts';
import { refreshLeadHomes } from '../../../waves/lead-refresh.ts';
import { readState } from '../../blocks/modal.ts';
import type { AppContext } from '../../context.ts';

/** Saves programme settings; invalid values come back as inline errors on their fields. */
export function programmeSettings(ctx: AppContext) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const now = ctx.clock.now();
    const actor = await guardSubmission(ctx, ack, body.user.id, 'programme.edit');
    if (!actor) return;
    const s = readState(view.state.values as Record<string, Record<string, unknown>>);
    const lines = (v: unknown) => (typeof v === 'string' ? v.split('\n').map((l) => l.trim()).filter(Boolean) : []);
    const parsed = programmeInputSchema.safeParse({ ...s, facilitationGuide: s.facilitationGuide ?? '', retroQuestions: lines(s.retroQuestions), workDays: s.workDays ?? [] });
    if (!parsed.success) return void (await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) }));
    try {
      await saveProgramme(ctx.db, parsed.data, { personId: actor.person.id, slackUserId: body.user.id }, now, view.private_metadata || undefined);
    } catch (error) {
      if (error instanceof ProgrammeNameTakenError) return void (await ack({ response_action: 'errors', errors: { name: error.message } }));
      throw error;
    }
    await ack();
    await refreshLeadHomes(ctx);
  };
}
