import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { exportWaveCsv } from '../../../waves/wave-export.service.ts';
import type { AppContext } from '../../context.ts';
import { guard, tell } from '../guard.ts';

/**
 * "Export CSV" in the wave modal: the file goes to the lead's own DM with the app (Slack's
 * external upload: files.getUploadURLExternal → upload → completeUploadExternal). Leads and
 * admins only; every export is audited.
 */
export function waveExport(ctx: AppContext) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const waveId = action.value ?? '';
    const actor = await guard(ctx, client, body.user.id, 'wave.export', { waveId });
    if (!actor) return;
    const file = await exportWaveCsv(ctx.db, waveId, { personId: actor.person.id, slackUserId: body.user.id }, ctx.clock.now());
    const dm = await client.conversations.open({ users: body.user.id });
    if (!dm.channel?.id) return tell(client, body.user.id, 'Could not open a DM to send the file.');
    await client.filesUploadV2({
      channel_id: dm.channel.id, file: Buffer.from(file.csv, 'utf8'), filename: file.filename, title: file.filename,
      initial_comment: `Here is the wave's CSV: ${file.rows} invites, one row each (answers, reasons, attendance).`,
    });
  };
}
