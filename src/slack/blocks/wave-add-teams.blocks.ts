import type { KnownBlock, ModalView } from '@slack/types';
import { TEAM_RULE_LABELS, type TeamRule, type TeamRuleKind } from '../../core/rollout/team-rule.ts';
import { context, escape, section } from './common.ts';
import { modal, option, plain, radioInput, textInput } from './modal.ts';

export const ADD_TEAMS = {
  open: 'wave_add_teams_open', pickCallback: 'wave_add_teams', confirmCallback: 'wave_add_teams_confirm', field: 'wave_add_teams_pick',
  rule: 'wave_add_teams_rule', departments: 'wave_add_teams_departments', count: 'wave_add_teams_count',
} as const;

/** Teams a lead may pick one by one: their ids ride in the confirmation view's private_metadata (3,000 characters). */
export const MAX_TEAMS_ADDED = 60;
/** Departments a rule may name: their names (up to 150 characters each) ride in private_metadata too. */
export const MAX_DEPARTMENTS_ADDED = 15;

/** What the picker step says about the teams outside the wave. */
export interface AddTeamsChoices {
  /** Teams not in this wave with someone available now. */
  teamsOutside: number;
  /** Of those, teams no launched wave has reached yet, and their available people. */
  notReached: number;
  notReachedPeople: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * Pushed over the wave modal: which teams to add, by the launch modal's rules (every team not
 * reached yet, teams in chosen departments, the next N largest) or searched and picked one by
 * one. Every list is served by the app and searchable, so any of hundreds of teams can be added.
 */
export function addTeamsView(waveId: string, waveName: string, c: AddTeamsChoices): ModalView {
  const picker: KnownBlock = {
    type: 'input', block_id: ADD_TEAMS.field, label: plain('Teams'), optional: true,
    hint: plain(`Used by "${TEAM_RULE_LABELS.picked}": search the ${c.teamsOutside} teams not in this wave; up to ${MAX_TEAMS_ADDED}`),
    element: { type: 'multi_external_select', action_id: ADD_TEAMS.field, min_query_length: 0, max_selected_items: MAX_TEAMS_ADDED, placeholder: plain('Type to search teams') },
  } as KnownBlock;
  const departments: KnownBlock = {
    type: 'input', block_id: ADD_TEAMS.departments, label: plain('Departments'), optional: true,
    hint: plain(`Used by the department rule (teams not in this wave); up to ${MAX_DEPARTMENTS_ADDED}`),
    element: { type: 'multi_external_select', action_id: ADD_TEAMS.departments, min_query_length: 0, max_selected_items: MAX_DEPARTMENTS_ADDED, placeholder: plain('Type to search departments') },
  } as KnownBlock;
  const rules = (Object.keys(TEAM_RULE_LABELS) as TeamRuleKind[]).map((k) => option(TEAM_RULE_LABELS[k], k));
  return modal({
    callbackId: ADD_TEAMS.pickCallback, title: 'Add teams', submit: 'Preview', privateMetadata: waveId,
    blocks: [
      section(`Add teams to *${escape(waveName)}* while it is still inviting. Their available people are matched among themselves into *new* pods and invited with the same deadline; the pods already inviting are not changed.`),
      context(`*${plural(c.teamsOutside, 'team')}* outside this wave have someone available; *${plural(c.notReached, 'team')}* (${plural(c.notReachedPeople, 'person', 'people')}) have not been reached by any wave yet. *Preview* shows how many people a choice brings; nothing is sent until you confirm.`),
      radioInput(ADD_TEAMS.rule, 'Which teams', rules, 'picked'),
      picker,
      departments,
      textInput(ADD_TEAMS.count, 'How many teams', { optional: true, hint: 'Used by "next N teams"', placeholder: 'e.g. 20' }),
    ],
  });
}

/** How the confirmation remembers the choice: picked ids, or the rule and a digest of the teams it chose. */
export type AddTeamsChoice = { w: string; t: string[] } | { w: string; r: Exclude<TeamRule, { kind: 'picked' }>; h: string };

/** A short, order-free digest of team ids: the confirmation checks the rule still chooses the same teams. */
export function teamsDigest(teamIds: readonly string[]): string {
  const text = [...teamIds].sort().join(',');
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${teamIds.length}:${(h >>> 0).toString(16)}`;
}

/** Step 2: how many people the added teams bring, before anything is sent. */
export function addTeamsConfirmView(input: { waveId: string; teamIds: string[]; teams: string[]; people: number; minSize: number; maxSize: number; rule?: TeamRule; changed?: boolean }): ModalView {
  const pods = Math.floor(input.people / input.minSize);
  const names = input.teams.length > 30 ? `${input.teams.slice(0, 30).map(escape).join(', ')} and ${input.teams.length - 30} more` : input.teams.map(escape).join(', ');
  const choice: AddTeamsChoice = input.rule && input.rule.kind !== 'picked'
    ? { w: input.waveId, r: input.rule, h: teamsDigest(input.teamIds) }
    : { w: input.waveId, t: input.teamIds };
  return modal({
    callbackId: ADD_TEAMS.confirmCallback, title: 'Add teams', submit: 'Add and invite', close: 'Back',
    privateMetadata: JSON.stringify(choice),
    blocks: [
      ...(input.changed ? [section(':warning: The teams this rule chooses changed since you looked (a wave launched or the roster changed). Check the new count, then press *Add and invite* again.')] : []),
      ...(input.rule && input.rule.kind !== 'picked' ? [context(`*Rule:* ${escape(ruleText(input.rule))}`)] : []),
      section(`*${input.people} ${input.people === 1 ? 'person' : 'people'}* in *${input.teams.length} team${input.teams.length === 1 ? '' : 's'}* can be invited now (on the roster, not paused, not in a pod or another invitation).`),
      section(`They would make up to *${pods}* new pod${pods === 1 ? '' : 's'} of ${input.minSize}–${input.maxSize}; anyone the matcher cannot place stays in the wave's pool and is offered places that free up. Invites go out as DMs when you press *Add and invite*; you get a summary in a DM.`),
      context(`*Teams:* ${names}`),
    ],
  });
}

/** The rule in the lead's words, for the confirmation and the audit. */
export function ruleText(rule: TeamRule): string {
  switch (rule.kind) {
    case 'picked': return `${rule.teamIds.length} teams picked`;
    case 'not_reached': return 'every team not reached yet';
    case 'departments': return `teams in ${rule.departments.map((d) => d.slice(0, 60)).join(', ')}`;
    case 'largest': return `the next ${rule.count} teams not reached yet, largest first`;
  }
}
