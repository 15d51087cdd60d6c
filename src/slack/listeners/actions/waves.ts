import type { App } from '@slack/bolt';
import { INVITE_ACTIONS } from '../../blocks/invite.blocks.ts';
import type { AppContext } from '../../context.ts';
import { inviteAnswer } from './invite-answer.ts';
import { inviteDeclineOpen } from './invite-decline-open.ts';
import { programmeEditOpen } from './programme-edit-open.ts';
import { waveCancel } from './wave-cancel.ts';
import { waveLaunchOpen } from './wave-launch-open.ts';
import { waveDetailOpen, waveDetailPage } from './wave-detail-open.ts';
import { waveExtendOpen, waveNudge } from './wave-nudge.ts';
import { waveExport } from './wave-export.ts';
import { WAVE_DETAIL_ACTIONS } from '../../blocks/wave-detail.blocks.ts';
import { leadHomePage } from './lead-home-page.ts';
import { waveAddTeamsOpen } from './wave-add-teams-open.ts';
import { wavePodWaitingList } from './wave-pod-waiting-list.ts';
import { wavePreviewMoveOpen } from './wave-preview-move-open.ts';
import { wavePreviewOpen } from './wave-preview-open.ts';
import { wavePreviewPage } from './wave-preview-page.ts';
import { wavePreviewRerun } from './wave-preview-rerun.ts';
import { PREVIEW_ACTIONS } from '../../blocks/launch.blocks.ts';
import { LEAD_HOME_ACTIONS } from '../../blocks/lead-home.blocks.ts';

/** Programme, wave and invite buttons (issue 5). */
export function registerWaveActions(app: App, ctx: AppContext): void {
  app.action('programme_edit_open', programmeEditOpen(ctx));
  app.action('wave_launch_open', waveLaunchOpen(ctx));
  app.action('wave_cancel', waveCancel(ctx));
  app.action(WAVE_DETAIL_ACTIONS.open, waveDetailOpen(ctx));
  app.action(WAVE_DETAIL_ACTIONS.page, waveDetailPage(ctx));
  app.action(WAVE_DETAIL_ACTIONS.nudge, waveNudge(ctx));
  app.action(WAVE_DETAIL_ACTIONS.extendOpen, waveExtendOpen(ctx));
  app.action(WAVE_DETAIL_ACTIONS.export, waveExport(ctx));
  app.action(WAVE_DETAIL_ACTIONS.addTeams, waveAddTeamsOpen(ctx));
  app.action(WAVE_DETAIL_ACTIONS.waitingList, wavePodWaitingList(ctx));
  app.action(LEAD_HOME_ACTIONS.previewOpen, wavePreviewOpen(ctx));
  app.action(PREVIEW_ACTIONS.page, wavePreviewPage(ctx));
  app.action(PREVIEW_ACTIONS.rerun, wavePreviewRerun(ctx));
  app.action(PREVIEW_ACTIONS.moveOpen, wavePreviewMoveOpen(ctx));
  app.action(/^lead_home_page_(programmes|waves)_(prev|next)$/, leadHomePage(ctx));
  app.action(INVITE_ACTIONS.accept, inviteAnswer(ctx, 'accept'));
  app.action(INVITE_ACTIONS.notThisTime, inviteAnswer(ctx, 'not_this_time'));
  app.action(INVITE_ACTIONS.decline, inviteDeclineOpen(ctx));
}
