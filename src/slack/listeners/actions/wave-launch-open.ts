import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { listProgrammes } from '../../../programmes/programme.repository.ts';
import { teamAvailability } from '../../../waves/match-inputs.ts';
import { launchLoadingView, launchModal } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';

/**
 * Opens the launch modal (programme, teams with headcount/available, dates, overrides). The
 * trigger expires 3 s after the click and counting availability walks the whole organisation, so
 * a loading modal opens first and is replaced once the counts are in.
 */
export function waveLaunchOpen(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    if (!(await guard(ctx, client, body.user.id, 'wave.preview'))) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: launchLoadingView() });
    const now = ctx.clock.now();
    const [programmes, teams] = await Promise.all([listProgrammes(ctx.db), teamAvailability(ctx.db, { includeGuests: ctx.config.INCLUDE_GUESTS, now })]);
    const nextMonday = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
    await client.views.update({
      view_id: opened.view!.id!,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: launchModal({
        programmes: programmes.map((p) => ({ id: p.id, name: p.name, minSize: p.min_size, maxSize: p.max_size, sessionCount: p.session_count, sessionMinutes: p.session_minutes })),
        teams,
        startWeek: nextMonday.toISODate()!,
        inviteDeadline: nextMonday.minus({ days: 3 }).toISODate()!,
      }),
    });
  };
}
