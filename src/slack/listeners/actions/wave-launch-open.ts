import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { listProgrammes } from '../../../programmes/programme.repository.ts';
import { departmentsOf, rolloutFigures } from '../../../core/rollout/team-rule.ts';
import { deadlineInstant } from '../../../waves/launch-input.ts';
import { rolloutTeams } from '../../../waves/rollout.repository.ts';
import { launchLoadingView, launchModal } from '../../blocks/launch.blocks.ts';
import type { AppContext } from '../../context.ts';
import { guard } from '../guard.ts';

/**
 * Opens the launch modal (programme, teams by rule or search, dates, overrides). The
 * trigger expires 3 s after the click and counting availability walks the whole organisation, so
 * a loading modal opens first and is replaced once the counts are in.
 */
export function waveLaunchOpen(ctx: AppContext) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const actor = await guard(ctx, client, body.user.id, 'wave.preview');
    if (!actor) return;
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: launchLoadingView() });
    const now = ctx.clock.now();
    const [programmes, teams] = await Promise.all([listProgrammes(ctx.db), rolloutTeams(ctx.db, now, { includeGuests: ctx.config.INCLUDE_GUESTS })]);
    const nextMonday = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').plus({ weeks: 2 });
    const inviteDeadline = nextMonday.minus({ days: 3 }).toISODate()!;
    await client.views.update({
      view_id: opened.view!.id!,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: launchModal({
        programmes: programmes.map((p) => ({ id: p.id, name: p.name, minSize: p.min_size, maxSize: p.max_size, sessionCount: p.session_count, sessionMinutes: p.session_minutes })),
        rollout: rolloutFigures(teams),
        departments: departmentsOf(teams),
        startWeek: nextMonday.toISODate()!,
        inviteDeadline,
        deadlineAt: deadlineInstant(inviteDeadline),
        timezone: actor.person.timezone,
      }),
    });
  };
}
