import type { KnownBlock, ModalView } from '@slack/types';
import type { WavePreview } from '../../waves/preview.service.ts';
import { departmentValue, TEAM_RULE_LABELS, type TeamRuleKind } from '../../core/rollout/team-rule.ts';
import { actions, button, context, escape, header, section } from './common.ts';
import { dateInput, externalMultiSelectInput, fit, modal, multiSelectInput, option, radioInput, selectInput, textInput } from './modal.ts';
import { localText, readerZone } from './time.ts';
import { draftButtons, effectLine } from './preview-edit.blocks.ts';

export const LAUNCH_CALLBACK = 'wave_launch_preview';
export const CONFIRM_CALLBACK = 'wave_launch_confirm';

/** Modal field ids; the launch handler maps zod paths to these for inline errors. */
export const LAUNCH_FIELDS = {
  programmeId: 'programme', teamRule: 'team_rule', teamIds: 'teams', departments: 'departments', teamCount: 'team_count',
  startWeek: 'start_week', inviteDeadline: 'invite_deadline',
  minSize: 'min_size', maxSize: 'max_size', sessionCount: 'session_count', sessionMinutes: 'session_minutes',
} as const;

export interface LaunchChoices {
  programmes: { id: string; name: string; minSize: number; maxSize: number; sessionCount: number; sessionMinutes: number }[];
  /** Teams and people available now, and how many of them no wave has reached yet. */
  rollout: { teams: number; people: number; notReached: number; notReachedPeople: number };
  departments: { name: string; teams: number; available: number }[];
  startWeek: string;
  inviteDeadline: string;
  /** When invites close on the suggested day, shown in the lead's own zone. */
  deadlineAt: Date;
  timezone?: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * Step 1: what to launch. Teams are chosen by a rule (every team not reached yet, departments,
 * the next N largest) or searched and picked one by one, so a rollout over hundreds of teams
 * takes a few clicks. Submitting it ("Preview") runs the matcher; nothing is sent yet.
 */
export function launchModal(c: LaunchChoices): ModalView {
  const first = c.programmes[0];
  // A menu without options is refused by Slack: say what is missing instead of showing an empty form.
  if (!first) return noticeView('Launch a wave', 'There is no programme yet. Create one with "New programme" on your home tab, then launch a wave.');
  if (c.rollout.teams === 0) return noticeView('Launch a wave', 'No team has anyone available right now. An admin can run a roster sync or import a CSV from the home tab.');
  const r = c.rollout;
  const rules = (Object.keys(TEAM_RULE_LABELS) as TeamRuleKind[]).map((k) => option(TEAM_RULE_LABELS[k], k));
  const departmentLabel = (d: LaunchChoices['departments'][number]) => `${d.name} (${plural(d.teams, 'team')}, ${d.available} available)`;
  const departmentPicker = c.departments.length === 0
    ? []
    : c.departments.length <= 100
      ? [{ ...multiSelectInput(LAUNCH_FIELDS.departments, 'Departments', c.departments.map((d) => option(fit(departmentLabel(d), ''), departmentValue(d.name))), 'Used by the department rule'), optional: true } as KnownBlock]
      : [externalMultiSelectInput(LAUNCH_FIELDS.departments, 'Departments', { optional: true, hint: `Type to search ${c.departments.length} departments; used by the department rule` })];
  return modal({
    callbackId: LAUNCH_CALLBACK, title: 'Launch a wave', submit: 'Preview',
    blocks: [
      section('Pick a programme and which teams to cover. *Preview* shows the proposed pods and how many people they reach; nothing is sent until you press *Launch*.'),
      selectInput(LAUNCH_FIELDS.programmeId, 'Programme', c.programmes.map((p) => option(fit(p.name, ''), p.id)), first.id),
      context(`*${plural(r.teams, 'team')}* have *${plural(r.people, 'person', 'people')}* available (active, not paused, not in a pod). ` +
        `*${plural(r.notReached, 'team')}* (${plural(r.notReachedPeople, 'person', 'people')}) have not been reached by a wave yet.`),
      radioInput(LAUNCH_FIELDS.teamRule, 'Which teams', rules, 'picked'),
      externalMultiSelectInput(LAUNCH_FIELDS.teamIds, 'Teams', { optional: true, placeholder: 'Type to search teams', hint: `Used by "${TEAM_RULE_LABELS.picked}"; search all ${r.teams} teams` }),
      ...departmentPicker,
      textInput(LAUNCH_FIELDS.teamCount, 'How many teams', { optional: true, hint: `Used by "next N teams"`, placeholder: 'e.g. 20' }),
      dateInput(LAUNCH_FIELDS.startWeek, 'First week (a Monday)', c.startWeek),
      dateInput(LAUNCH_FIELDS.inviteDeadline, `Invite deadline (closes ${localText(c.deadlineAt, c.timezone, 'time')}${readerZone(c.timezone) === 'UTC' ? '' : ' your time'})`, c.inviteDeadline),
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

/** Pods per page of the preview: a wave of 300 pods pages instead of being cut. */
export const PREVIEW_PODS_PER_PAGE = 20;
export const PREVIEW_ACTIONS = { page: 'wave_preview_page', rerun: 'wave_preview_rerun', moveOpen: 'wave_preview_move_open' } as const;
export const MOVE_CALLBACK = 'wave_preview_move';
export const MOVE_FIELD = 'preview_person';

/** Pushed over the preview: pick someone to take out of their pod (searchable: every placed person). */
export function moveOutView(waveId: string, placed: number): ModalView {
  const picker = {
    type: 'input', block_id: MOVE_FIELD, label: { type: 'plain_text', text: 'Person' },
    hint: { type: 'plain_text', text: `Type to search the ${placed} people placed in this draft` },
    element: { type: 'external_select', action_id: MOVE_FIELD, min_query_length: 0, placeholder: { type: 'plain_text', text: 'Type a name' } },
  } as KnownBlock;
  return modal({ callbackId: MOVE_CALLBACK, title: 'Move someone out', submit: 'Move out', privateMetadata: waveId,
    blocks: [section("They leave their pod (nobody is sent anything yet) and stay in the wave's pool, offered places that free up after launch. A pod cannot drop below its minimum."), picker] });
}

/** ", N short" when our cross-team pairs fall short of the bound. */
function gapText(m: WavePreview['metrics']): string {
  const short = m.crossTeamPairsUpperBound - m.crossTeamPairs;
  return short > 0 ? `, ${short} short` : ', reached';
}

/**
 * Step 2: the proposed pods, a page at a time, and the figures; "Launch" sends the invites. The
 * draft stays on the lead's home tab ("Open preview") until launched or discarded; the lead can
 * re-match it (new seed or other settings), swap or move people, and sees each change's effect.
 */
export function previewView(p: WavePreview, page = 0): ModalView {
  const m = p.metrics;
  const pages = Math.max(1, Math.ceil(p.pods.length / PREVIEW_PODS_PER_PAGE));
  const at = Math.min(Math.max(0, page), pages - 1);
  const blocks: KnownBlock[] = [
    header(p.waveName.slice(0, 150)),
    section(`*${m.pods}* pods · *${m.placed}* of ${m.people} people placed · *${m.unplaced}* unplaced\n` +
      `*Cross-team:* ${m.podsAllTeamsDistinct} of ${m.pods} pods have every member from a different team (best possible: ${m.allTeamsDistinctUpperBound}) · ` +
      `${m.crossTeamPairs} of ${m.crossTeamPairs + m.sameTeamPairs} member pairs cross teams, ${m.sameTeamPairs} same-team (best possible: ${m.crossTeamPairsUpperBound}${gapText(m)}) · score ${m.totalScore} · repeat pairs ${m.repeatPairs}`),
    context(`"Best possible" takes into account who can meet whom across time zones (not manager rules) for ${m.pods} pods: ` +
      `the programme makes ${m.podSizes === 'smaller' ? 'as many, smaller pods' : 'as few, larger pods'} as it can (a programme setting). ` +
      'This draft stays on your home tab until you launch it.'),
  ];
  blocks.push(...effectLine(p.previous, m));
  if (p.pods.length) blocks.push(actions('preview_controls', [button('Re-run with a new seed', PREVIEW_ACTIONS.rerun, p.waveId), button('Move someone out…', PREVIEW_ACTIONS.moveOpen, p.waveId), ...draftButtons(p.waveId)]));
  for (const pod of p.pods.slice(at * PREVIEW_PODS_PER_PAGE, (at + 1) * PREVIEW_PODS_PER_PAGE)) {
    blocks.push(section(`*${escape(pod.name)}* · ${pod.members.length} people · score ${pod.score}${pod.allTeamsDistinct ? ' · all teams distinct' : ''}${pod.window ? ` · e.g. ${escape(pod.window)}` : ''}\n` +
      pod.members.map((mem) => `• ${escape(mem.name.slice(0, 80))} (${escape(mem.team.slice(0, 60))})`).join('\n') +
      (pod.relaxations.length ? `\n_${escape(pod.relaxations.join('; ').slice(0, 300))}_` : '')));
  }
  if (pages > 1) {
    const nav = [];
    if (at > 0) nav.push(button('◀ Previous', PREVIEW_ACTIONS.page, `${p.waveId}|${at - 1}`));
    if (at < pages - 1) nav.push(button('Next ▶', PREVIEW_ACTIONS.page, `${p.waveId}|${at + 1}`));
    blocks.push(context(`Pods ${at * PREVIEW_PODS_PER_PAGE + 1}–${Math.min(p.pods.length, (at + 1) * PREVIEW_PODS_PER_PAGE)} of ${p.pods.length} · page ${at + 1} of ${pages}`));
    blocks.push(actions(`preview_pages_${at}`, nav));
  }
  if (p.unplaced.length) {
    const lines = p.unplaced.slice(0, 25).map((u) => `• ${escape(u.person.name.slice(0, 80))} (${escape(u.person.team.slice(0, 60))}): ${escape(u.reason.slice(0, 200))}. _${escape(u.suggestion.slice(0, 200))}_`);
    let text = `*Not placed (${p.unplaced.length})*: they stay in the wave's pool and are offered places that free up.\n${lines.join('\n')}`;
    const more = p.unplaced.length > 25 ? `\n…and ${p.unplaced.length - 25} more not placed` : '';
    if (text.length + more.length > 2990) text = `${text.slice(0, 2990 - more.length - 1)}…`;
    blocks.push(section(`${text}${more}`));
  }
  if (p.pods.length === 0) blocks.push(section(':warning: No pods could be formed from these teams. Close this and pick more teams.'));
  return modal({
    callbackId: CONFIRM_CALLBACK, title: 'Preview', privateMetadata: p.waveId, close: 'Close',
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
