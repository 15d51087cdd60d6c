import type { KnownBlock, ModalView } from '@slack/types';
import type { WavePreview } from '../../waves/preview.service.ts';
import { context, escape, header, section } from './common.ts';
import { dateInput, fit, modal, multiSelectInput, option, selectInput, textInput } from './modal.ts';

export const LAUNCH_CALLBACK = 'wave_launch_preview';
export const CONFIRM_CALLBACK = 'wave_launch_confirm';

/** Modal field ids; the launch handler maps zod paths to these for inline errors. */
export const LAUNCH_FIELDS = {
  programmeId: 'programme', teamIds: 'teams', startWeek: 'start_week', inviteDeadline: 'invite_deadline',
  minSize: 'min_size', maxSize: 'max_size', sessionCount: 'session_count', sessionMinutes: 'session_minutes',
} as const;

export interface LaunchChoices {
  programmes: { id: string; name: string; minSize: number; maxSize: number; sessionCount: number; sessionMinutes: number }[];
  teams: { id: string; name: string; headcount: number; available: number }[];
  startWeek: string;
  inviteDeadline: string;
}

/** Step 1: what to launch. Submitting it ("Preview") runs the matcher; nothing is sent yet. */
export function launchModal(c: LaunchChoices): ModalView {
  const first = c.programmes[0];
  // A menu without options is refused by Slack: say what is missing instead of showing an empty form.
  if (!first) return noticeView('Launch a wave', 'There is no programme yet. Create one with "New programme" on your home tab, then launch a wave.');
  if (c.teams.length === 0) return noticeView('Launch a wave', 'There are no teams on the roster yet. An admin can run a roster sync or import a CSV from the home tab.');
  return modal({
    callbackId: LAUNCH_CALLBACK, title: 'Launch a wave', submit: 'Preview',
    blocks: [
      section('Pick a programme and the teams to cover. *Preview* shows the proposed pods first; nothing is sent until you press *Launch*.'),
      selectInput(LAUNCH_FIELDS.programmeId, 'Programme', c.programmes.map((p) => option(fit(p.name, ''), p.id)), first.id),
      multiSelectInput(LAUNCH_FIELDS.teamIds, 'Teams', c.teams.map((t) => option(fit(t.name, ` (${t.headcount} people, ${t.available} available)`), t.id)), 'Available: active, not paused, not already in a pod'),
      dateInput(LAUNCH_FIELDS.startWeek, 'First week (a Monday)', c.startWeek),
      dateInput(LAUNCH_FIELDS.inviteDeadline, 'Invite deadline (closes 17:00 UTC)', c.inviteDeadline),
      context(`Overrides (optional): leave empty for the programme's ${first.minSize}–${first.maxSize} people, ${first.sessionCount} × ${first.sessionMinutes} min.`),
      textInput(LAUNCH_FIELDS.minSize, 'Smallest pod', { optional: true }),
      textInput(LAUNCH_FIELDS.maxSize, 'Largest pod', { optional: true }),
      textInput(LAUNCH_FIELDS.sessionCount, 'Number of sessions', { optional: true }),
      textInput(LAUNCH_FIELDS.sessionMinutes, 'Session length (minutes)', { optional: true }),
    ],
  });
}

/** Opened at once on "Launch wave" (the trigger expires in 3 s); replaced by launchModal when the counts are in. */
export function launchLoadingView(): ModalView {
  return modal({ callbackId: 'wave_launch_loading', title: 'Launch a wave', close: 'Close',
    blocks: [section(':hourglass_flowing_sand: Counting who is available in each team…')] });
}

/** Shown at once while the matcher works; the worker replaces it with the preview. */
export function preparingView(waveId: string): ModalView {
  return modal({ callbackId: CONFIRM_CALLBACK, title: 'Launch a wave', privateMetadata: waveId, close: 'Close',
    blocks: [section(':hourglass_flowing_sand: Matching people into pods… the preview appears here in a few seconds.')] });
}

const MAX_PODS_SHOWN = 40;

/** ", N short" when our cross-team pairs fall short of the bound. */
function gapText(m: WavePreview['metrics']): string {
  const short = m.crossTeamPairsUpperBound - m.crossTeamPairs;
  return short > 0 ? `, ${short} short` : ', reached';
}

/** Step 2: the proposed pods and the figures; "Launch" sends the invites. */
export function previewView(p: WavePreview): ModalView {
  const m = p.metrics;
  const blocks: KnownBlock[] = [
    header(p.waveName.slice(0, 150)),
    section(`*${m.pods}* pods · *${m.placed}* of ${m.people} people placed · *${m.unplaced}* unplaced\n` +
      `*Cross-team:* ${m.podsAllTeamsDistinct} of ${m.pods} pods have every member from a different team (best possible: ${m.allTeamsDistinctUpperBound}) · ` +
      `${m.crossTeamPairs} of ${m.crossTeamPairs + m.sameTeamPairs} member pairs cross teams (best possible: ${m.crossTeamPairsUpperBound}${gapText(m)}) · score ${m.totalScore} · repeat pairs ${m.repeatPairs}`),
    context(`"Best possible" takes into account who can meet whom across time zones (not manager rules) for ${m.pods} pods: ` +
      `the programme makes ${m.podSizes === 'smaller' ? 'as many, smaller pods' : 'as few, larger pods'} as it can (a programme setting).`),
  ];
  for (const pod of p.pods.slice(0, MAX_PODS_SHOWN)) {
    blocks.push(section(`*${escape(pod.name)}* · ${pod.members.length} people · score ${pod.score}${pod.allTeamsDistinct ? ' · all teams distinct' : ''} · e.g. ${escape(pod.window)}\n` +
      pod.members.map((mem) => `• ${escape(mem.name)} (${escape(mem.team)})`).join('\n') +
      (pod.relaxations.length ? `\n_${escape(pod.relaxations.join('; '))}_` : '')));
  }
  if (p.pods.length > MAX_PODS_SHOWN) blocks.push(context(`…and ${p.pods.length - MAX_PODS_SHOWN} more pods.`));
  if (p.unplaced.length) {
    const lines = p.unplaced.slice(0, 25).map((u) => `• ${escape(u.person.name)} (${escape(u.person.team)}): ${escape(u.reason)}. _${escape(u.suggestion)}_`);
    blocks.push(section(`*Not placed (${p.unplaced.length})*: they stay in the wave's pool and are offered places that free up.\n${lines.join('\n')}`.slice(0, 2990)));
  }
  if (p.pods.length === 0) blocks.push(section(':warning: No pods could be formed from these teams. Close this and pick more teams.'));
  return modal({
    callbackId: CONFIRM_CALLBACK, title: 'Preview', privateMetadata: p.waveId, close: 'Cancel',
    ...(p.pods.length ? { submit: 'Launch' } : {}),
    blocks,
  });
}

export function previewFailedView(message: string): ModalView {
  return modal({ callbackId: CONFIRM_CALLBACK, title: 'Preview', close: 'Close', blocks: [section(`:warning: The preview failed: ${escape(message)}`)] });
}

export function launchedView(waveName: string): ModalView {
  return modal({ callbackId: 'wave_launched', title: 'Launched', close: 'Done',
    blocks: [section(`:rocket: *${escape(waveName)}* is launching: invites go out as DMs now. Watch the funnel on your home tab.`)] });
}

/** A refusal or a stale launch, shown in place of the modal. */
export function noticeView(title: string, message: string): ModalView {
  return modal({ callbackId: 'wave_notice', title, close: 'Close', blocks: [section(escape(message))] });
}
