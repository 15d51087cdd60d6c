import type { KnownBlock } from '@slack/types';
import type { DraftWave } from '../../waves/draft.repository.ts';
import type { HomeState } from '../home/sections.ts';
import { actions, button, context, escape } from './common.ts';
import { dayText, slackDate } from './time.ts';

export const PROGRAMMES_PER_PAGE = 5;
export const WAVES_PER_PAGE = 10;
export const DRAFTS_SHOWN = 3;

export const LEAD_HOME_ACTIONS = { page: 'lead_home_page', previewOpen: 'wave_preview_open' } as const;

/** The paging buttons' value: both lists' pages, so turning one keeps the other where it was. */
export function homeStateValue(state: HomeState): string {
  return `${state.programmesPage ?? 0}|${state.wavesPage ?? 0}`;
}

export function homeStateOf(value: string | undefined): HomeState {
  const [p = '0', w = '0'] = (value ?? '').split('|');
  const page = (s: string) => Math.max(0, Math.min(10_000, Number.parseInt(s, 10) || 0));
  return { programmesPage: page(p), wavesPage: page(w) };
}

/**
 * "Programmes 6–10 of 50" with Previous/Next: a long list pages and says how many exist. Nothing
 * when everything fits on one page.
 */
export function pager(list: 'programmes' | 'waves', total: number, perPage: number, page: number, state: HomeState): KnownBlock[] {
  if (total <= perPage) return [];
  const pages = Math.ceil(total / perPage);
  const key = list === 'programmes' ? 'programmesPage' : 'wavesPage';
  const nav = [];
  if (page > 0) nav.push(button('◀ Previous', `${LEAD_HOME_ACTIONS.page}_${list}_prev`, homeStateValue({ ...state, [key]: page - 1 })));
  if (page < pages - 1) nav.push(button(`Show ${Math.min(perPage, total - (page + 1) * perPage)} more ▶`, `${LEAD_HOME_ACTIONS.page}_${list}_next`, homeStateValue({ ...state, [key]: page + 1 })));
  return [
    context(`${list === 'programmes' ? 'Programmes' : 'Waves'} ${page * perPage + 1}–${Math.min(total, (page + 1) * perPage)} of ${total} · page ${page + 1} of ${pages}`),
    actions(`lead_${list}_pages`, nav),
  ];
}

/** One draft on the home tab: what was previewed and when. */
export function draftLine(d: DraftWave, timezone: string | null | undefined): string {
  return `*${escape(d.name)}* · draft, not launched · ${d.pods} pods, ${d.placed} people · starts the week of ${dayText(d.start_week)} · previewed ${slackDate(d.created_at, timezone, 'day')}`;
}
