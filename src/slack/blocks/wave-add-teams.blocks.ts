import type { KnownBlock, ModalView } from '@slack/types';
import { context, escape, section } from './common.ts';
import { modal, plain } from './modal.ts';

export const ADD_TEAMS = {
  open: 'wave_add_teams_open', pickCallback: 'wave_add_teams', confirmCallback: 'wave_add_teams_confirm', field: 'wave_add_teams_pick',
} as const;

/** Teams a lead may add in one go: their ids ride in the confirmation view's private_metadata (3,000 characters). */
export const MAX_TEAMS_ADDED = 60;

/** Pushed over the wave modal: search and pick the teams to add (served by the app, every team reachable). */
export function addTeamsView(waveId: string, waveName: string, teamsOutside: number): ModalView {
  const picker: KnownBlock = {
    type: 'input', block_id: ADD_TEAMS.field, label: plain('Teams to add'),
    hint: plain(`Type to search the ${teamsOutside} teams not in this wave; up to ${MAX_TEAMS_ADDED} at a time`),
    element: { type: 'multi_external_select', action_id: ADD_TEAMS.field, min_query_length: 0, max_selected_items: MAX_TEAMS_ADDED, placeholder: plain('Type to search teams') },
  } as KnownBlock;
  return modal({
    callbackId: ADD_TEAMS.pickCallback, title: 'Add teams', submit: 'Preview', privateMetadata: waveId,
    blocks: [
      section(`Add teams to *${escape(waveName)}* while it is still inviting. Their available people are matched among themselves into *new* pods and invited with the same deadline; the pods already inviting are not changed.`),
      picker,
    ],
  });
}

/** Step 2: how many people the added teams bring, before anything is sent. */
export function addTeamsConfirmView(input: { waveId: string; teamIds: string[]; teams: string[]; people: number; minSize: number; maxSize: number }): ModalView {
  const pods = Math.floor(input.people / input.minSize);
  const names = input.teams.length > 30 ? `${input.teams.slice(0, 30).map(escape).join(', ')} and ${input.teams.length - 30} more` : input.teams.map(escape).join(', ');
  return modal({
    callbackId: ADD_TEAMS.confirmCallback, title: 'Add teams', submit: 'Add and invite', close: 'Back',
    privateMetadata: JSON.stringify({ w: input.waveId, t: input.teamIds }),
    blocks: [
      section(`*${input.people} ${input.people === 1 ? 'person' : 'people'}* in *${input.teams.length} team${input.teams.length === 1 ? '' : 's'}* can be invited now (on the roster, not paused, not in a pod or another invitation).`),
      section(`They would make up to *${pods}* new pod${pods === 1 ? '' : 's'} of ${input.minSize}–${input.maxSize}; anyone the matcher cannot place stays in the wave's pool and is offered places that free up. Invites go out as DMs when you press *Add and invite*; you get a summary in a DM.`),
      context(`*Teams:* ${names}`),
    ],
  });
}
