import type { App } from '@slack/bolt';
import { DECLINE_CALLBACK } from '../../blocks/decline.blocks.ts';
import { CONFIRM_CALLBACK, LAUNCH_CALLBACK } from '../../blocks/launch.blocks.ts';
import { PROGRAMME_CALLBACK } from '../../blocks/programme.blocks.ts';
import type { AppContext } from '../../context.ts';
import { inviteDecline } from './invite-decline.ts';
import { programmeSettings } from './programme-settings.ts';
import { waveLaunchConfirm } from './wave-launch-confirm.ts';
import { waveLaunchPreview } from './wave-launch-preview.ts';
import { waveExtend } from './wave-extend.ts';
import { WAVE_EXTEND_CALLBACK } from '../../blocks/wave-detail.blocks.ts';
import { ADD_TEAMS } from '../../blocks/wave-add-teams.blocks.ts';
import { waveAddTeamsConfirm } from './wave-add-teams-confirm.ts';
import { waveAddTeamsPick } from './wave-add-teams-pick.ts';
import { wavePreviewMove } from './wave-preview-move.ts';
import { MOVE_CALLBACK } from '../../blocks/launch.blocks.ts';
import { RERUN_CALLBACK, SWAP_CALLBACK } from '../../blocks/preview-edit.blocks.ts';
import { wavePreviewSwap } from './wave-preview-swap.ts';
import { wavePreviewSettings } from './wave-preview-settings.ts';

/** Programme, launch and decline modal submissions (issue 5). */
export function registerWaveViews(app: App, ctx: AppContext): void {
  app.view(PROGRAMME_CALLBACK, programmeSettings(ctx));
  app.view(LAUNCH_CALLBACK, waveLaunchPreview(ctx));
  app.view(CONFIRM_CALLBACK, waveLaunchConfirm(ctx));
  app.view(DECLINE_CALLBACK, inviteDecline(ctx));
  app.view(WAVE_EXTEND_CALLBACK, waveExtend(ctx));
  app.view(ADD_TEAMS.pickCallback, waveAddTeamsPick(ctx));
  app.view(ADD_TEAMS.confirmCallback, waveAddTeamsConfirm(ctx));
  app.view(MOVE_CALLBACK, wavePreviewMove(ctx));
  app.view(SWAP_CALLBACK, wavePreviewSwap(ctx));
  app.view(RERUN_CALLBACK, wavePreviewSettings(ctx));
}
