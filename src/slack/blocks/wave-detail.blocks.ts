import type { Button, KnownBlock, ModalView } from '@slack/types';
import { declineThemes, THEME_WORDS } from '../../core/rollout/decline-themes.ts';
import type { WaveDetail } from '../../waves/wave-detail.repository.ts';
import type { FunnelCounts } from '../../waves/wave.repository.ts';
import { actions, button, context, escape, header, section } from './common.ts';
import { funnelLine } from './funnel.ts';
import { dateInput, modal } from './modal.ts';
import { dayText, slackDate } from './time.ts';
import { podStateWord, waveStateWord } from './words.ts';

export const WAVE_DETAIL_ACTIONS = {
  open: 'wave_detail_open', page: 'wave_detail_page', nudge: 'wave_nudge', extendOpen: 'wave_extend_open', export: 'wave_export', addTeams: 'wave_add_teams_open', waitingList: 'wave_pod_waiting_list',
  merge: 'wave_pod_merge', rematch: 'wave_pod_rematch',
} as const;
export const WAVE_EXTEND_CALLBACK = 'wave_extend';
export const EXTEND_FIELD = 'new_deadline';

/** Pods per page: the modal keeps well inside Slack's 100 blocks whatever the wave's size. */
export const PODS_PER_PAGE = 15;
const NAMES_SHOWN = 40;
const REASONS_SHOWN = 8;

/** "a, b, c and 12 more": a list that never drops names silently. */
function namesList(names: readonly string[], shown = NAMES_SHOWN): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more (all in the CSV export)`;
}

export interface WaveDetailInput {
  detail: WaveDetail;
  funnel: FunnelCounts;
  page: number;
  /** The lead's zone, for the fallback text of dates. */
  timezone?: string;
}

/**
 * One wave, in full, for its lead: funnel, teams, who has not answered (with a one-time nudge),
 * why people declined (grouped by theme when there are many), every pod a page at a time, and the
 * controls that still apply (extend the deadline, export, cancel).
 */
export function waveDetailView(v: WaveDetailInput): ModalView {
  const { wave, pods, pending, declined, teams } = v.detail;
  const inviting = wave.status === 'inviting';
  const pages = Math.max(1, Math.ceil(pods.length / PODS_PER_PAGE));
  const page = Math.min(Math.max(0, v.page), pages - 1);
  const blocks: KnownBlock[] = [
    header(wave.name),
    section(`*${escape(wave.programmeName)}* · ${waveStateWord(wave.status)} · starts the week of ${dayText(wave.start_week)} · invites ${inviting ? 'close' : 'closed'} ${slackDate(wave.invite_deadline, v.timezone)}`),
    section(funnelLine(v.funnel)),
    context(`*${teams.length} team${teams.length === 1 ? '' : 's'}:* ${escape(namesList(teams, 30))}`),
  ];
  const controls: Button[] = [];
  if (inviting) controls.push(button('Extend the deadline…', WAVE_DETAIL_ACTIONS.extendOpen, wave.id), button('Add teams…', WAVE_DETAIL_ACTIONS.addTeams, wave.id));
  controls.push(button('Export CSV', WAVE_DETAIL_ACTIONS.export, wave.id));
  blocks.push(actions(`wave_controls_${page}`, controls));

  blocks.push(header(`Not answered (${pending.length})`));
  if (pending.length === 0) blocks.push(context('Everyone invited has answered.'));
  else {
    const nudge: Button = {
      ...button(`Nudge ${pending.length} ${pending.length === 1 ? 'person' : 'people'}`, WAVE_DETAIL_ACTIONS.nudge, wave.id),
      confirm: {
        title: { type: 'plain_text', text: 'Nudge everyone who has not answered?' },
        text: { type: 'plain_text', text: 'Each gets one short DM with the invite buttons, inside their own working hours. Nobody is nudged twice.' },
        confirm: { type: 'plain_text', text: 'Nudge' }, deny: { type: 'plain_text', text: 'Not now' },
      },
    };
    blocks.push(section(escape(namesList(pending.map((p) => p.name))), inviting ? nudge : undefined));
  }

  blocks.push(header(`Declined (${declined.length})`));
  if (declined.length === 0) blocks.push(context('Nobody has declined.'));
  else {
    const notNow = declined.filter((d) => d.decline_kind === 'not_this_time').length;
    const themes = declineThemes(declined.filter((d) => d.decline_kind === 'decline').map((d) => d.decline_reason));
    const themeLine = themes.map((t) => `${THEME_WORDS[t.theme]} *${t.count}*`).join(' · ');
    blocks.push(section(`"Not this time" *${notNow}*${themeLine ? ` · declined with a note: ${themeLine}` : ''}`));
    const withReasons = declined.filter((d) => d.decline_reason?.trim()).sort((a, b) => (b.answered_at?.getTime() ?? 0) - (a.answered_at?.getTime() ?? 0));
    if (withReasons.length) {
      const lines = withReasons.slice(0, REASONS_SHOWN).map((d) => `• _${escape(d.decline_reason!.trim().slice(0, 200))}_ (${escape(d.name)})`);
      const more = withReasons.length > REASONS_SHOWN ? `\n…${withReasons.length - REASONS_SHOWN} more reasons in the CSV export` : '';
      blocks.push(section(`${lines.join('\n')}${more}`));
    }
  }

  blocks.push(...shortPods(v.detail));

  blocks.push(header(`Pods (${pods.length})`));
  if (pods.length === 0) blocks.push(context('No pods yet.'));
  for (const pod of pods.slice(page * PODS_PER_PAGE, (page + 1) * PODS_PER_PAGE)) {
    const meeting = ['confirmed', 'scheduled', 'running', 'retro'].includes(pod.status);
    const count = meeting ? `${pod.members} member${pod.members === 1 ? '' : 's'}` : `${pod.accepted} accepted${pod.pending ? `, ${pod.pending} not answered` : ''}`;
    const short = meeting && pod.members < pod.min_size ? ` · :warning: below its minimum of ${pod.min_size}` : '';
    const why = pod.status === 'dissolved' && pod.dissolved_reason ? ` (${escape(pod.dissolved_reason)})` : '';
    blocks.push(section(`*${escape(pod.name)}* · ${podStateWord(pod.status)}${why} · ${count}${short}`));
  }
  if (pages > 1) {
    const nav: Button[] = [];
    if (page > 0) nav.push(button('◀ Previous', WAVE_DETAIL_ACTIONS.page, `${wave.id}|${page - 1}`));
    if (page < pages - 1) nav.push(button('Next ▶', WAVE_DETAIL_ACTIONS.page, `${wave.id}|${page + 1}`));
    blocks.push(context(`Page ${page + 1} of ${pages} · pods ${page * PODS_PER_PAGE + 1}–${Math.min(pods.length, (page + 1) * PODS_PER_PAGE)} of ${pods.length}`));
    blocks.push(actions(`wave_pages_${page}`, nav));
  }
  return modal({ callbackId: 'wave_detail', title: 'Wave', close: 'Close', privateMetadata: wave.id, blocks });
}

const SHORT_SHOWN = 8;

/** A button behind Slack's confirm dialog (titles are cut to Slack's 100 characters). */
function confirmed(b: Button, title: string, text: string): Button {
  return { ...b, confirm: { title: { type: 'plain_text', text: title.slice(0, 100) }, text: { type: 'plain_text', text: text.slice(0, 300) }, confirm: { type: 'plain_text', text: 'Go ahead' }, deny: { type: 'plain_text', text: 'Not now' } } };
}

/** "Merge into Pod N" and "Re-match its people" for one short pod, behind confirm dialogs. */
function regroupControls(pod: { id: string; name: string }, partner: { id: string; name: string } | undefined, moving: string, when: string): KnownBlock {
  const controls: Button[] = [];
  if (partner) controls.push(confirmed(button(`Merge into ${partner.name}`.slice(0, 75), WAVE_DETAIL_ACTIONS.merge, `${pod.id}|${partner.id}`), `Merge ${pod.name} into ${partner.name}?`, `The ${moving} join ${partner.name}${when}; ${pod.name} ends. Everyone concerned gets a DM.`));
  controls.push(confirmed(button('Re-match its people', WAVE_DETAIL_ACTIONS.rematch, pod.id), `Re-match ${pod.name}?`, `Each of the ${moving} joins the pod with room that fits them best; ${pod.name} ends. Nothing changes unless everyone gets a place.`));
  return actions(`short_${pod.id}`, controls);
}

/**
 * Pods below their minimum, with what the lead can do. An inviting pod whose accepted plus
 * unanswered invites are fewer than its minimum can no longer reach it: the lead can take people
 * from the waiting list, or act before the deadline (merge it with another such pod, or re-match
 * its people into pods with room); whatever is left the deadline merges or re-matches. Meeting pods
 * short after someone left get the same merge and re-match.
 */
function shortPods(d: WaveDetail): KnownBlock[] {
  const inviting = d.pods.filter((p) => p.status === 'inviting' && p.accepted + p.pending < p.min_size);
  const meeting = d.pods.filter((p) => ['confirmed', 'scheduled', 'running', 'retro'].includes(p.status) && p.members < p.min_size);
  if (inviting.length + meeting.length === 0) return [];
  const blocks: KnownBlock[] = [header(`Below minimum (${inviting.length + meeting.length})`)];
  if (inviting.length) {
    blocks.push(context(d.waiting
      ? `Waiting list: *${d.waiting}* ${d.waiting === 1 ? 'person' : 'people'} (unplaced in this wave, new to its teams, or asked to continue a closed pod). *Invite from the waiting list* offers each free place to the best fit (same rules as the match).`
      : 'The waiting list is empty; add teams to widen the wave.'));
    blocks.push(context('These pods cannot reach their minimum even if everyone not answered says yes. Before the deadline, *Merge* moves their open and accepted invites into the other pod and *Re-match* spreads them over pods with room; each invite DM is updated in place and stays answerable. Whatever is still short at the deadline is merged into pods with room or re-matched.'));
  }
  for (const pod of inviting.slice(0, SHORT_SHOWN)) {
    const live = pod.accepted + pod.pending;
    const text = `*${escape(pod.name)}* · ${pod.accepted} accepted, ${pod.pending} not answered · needs ${pod.min_size}`;
    blocks.push(section(text, d.waiting ? button('Invite from the waiting list', WAVE_DETAIL_ACTIONS.waitingList, pod.id) : undefined));
    if (live === 0) continue;
    const partner = inviting.find((o) => o.id !== pod.id && o.accepted + o.pending > 0 && o.accepted + o.pending + live <= o.max_size);
    blocks.push(regroupControls(pod, partner, `${live} invited to ${pod.name} (accepted or not answered)`, ''));
  }
  if (inviting.length > SHORT_SHOWN) blocks.push(context(`…and ${inviting.length - SHORT_SHOWN} more inviting pods below minimum (all in the pod list below).`));
  if (meeting.length) {
    blocks.push(context('Meeting with fewer than their minimum after members left. *Merge* moves everyone into the other pod (it keeps its time and calendar); *Re-match* places each person in the pod with room that fits them best. Either way the short pod ends and everyone concerned gets a DM. Nothing changes if the result would break a rule (size, managers, working hours).'));
    for (const pod of meeting.slice(0, SHORT_SHOWN)) {
      blocks.push(section(`*${escape(pod.name)}* · ${podStateWord(pod.status)} · ${pod.members} of at least ${pod.min_size}`));
      const partner = meeting.find((o) => o.id !== pod.id && o.members + pod.members <= o.max_size);
      blocks.push(regroupControls(pod, partner, `${pod.members} members of ${pod.name}`, ' at its time'));
    }
    if (meeting.length > SHORT_SHOWN) blocks.push(context(`…and ${meeting.length - SHORT_SHOWN} more meeting pods below minimum (all in the pod list below).`));
  }
  return blocks;
}

/** Pushed over the wave modal: pick the new last day to answer. */
export function extendDeadlineView(waveId: string, currentDay: string): ModalView {
  return modal({
    callbackId: WAVE_EXTEND_CALLBACK, title: 'Extend the deadline', submit: 'Extend', privateMetadata: waveId,
    blocks: [
      section('Invites close at the same hour on the day you pick. Everyone with an open invite sees the new date in their message.'),
      dateInput(EXTEND_FIELD, 'New last day to answer', currentDay),
    ],
  });
}
