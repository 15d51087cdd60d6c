import type { KnownBlock } from '@slack/types';
import type { Person, WaveOutcomes } from '../../retros/outcomes.repository.ts';
import { context, escape, section } from './common.ts';
import { rate } from './funnel.ts';

/**
 * Ratings and recommendations of fewer answers than this are not broken down: with a pod or two,
 * a distribution would tell a lead how one person answered. Free text needs each author's consent.
 */
export const LEAD_MIN_ANSWERS = 5;
const NAMES_SHOWN = 15;
const QUOTES_SHOWN = 4;
const QUOTE_CHARS = 280;
const ATTENTION_SHOWN = 8;

const who = (p: Person) => (p.slackUserId ? `<@${p.slackUserId}>` : escape(p.name));

/** A list of people, said in full up to a limit and counted beyond it. */
export function peopleList(people: readonly Person[], limit = NAMES_SHOWN): string {
  const shown = people.slice(0, limit).map(who).join(', ');
  return people.length > limit ? `${shown} and ${people.length - limit} more` : shown;
}

const clip = (text: string) => (text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text);

/** A programme's title above its waves: the lead view is grouped per programme. */
export function programmeTitleBlock(name: string, waves: number, detailed: number): KnownBlock {
  const older = waves > detailed ? ` · ${waves - detailed} older ${waves - detailed === 1 ? 'wave' : 'waves'} not shown` : '';
  return section(`:seedling: *${escape(name)}* · ${waves} ${waves === 1 ? 'wave' : 'waves'}${older}`);
}

/**
 * The lead's view of one wave, under its programme's title: the funnel (when given), sessions,
 * retro outcomes, quotes, attention, silence.
 */
export function waveOutcomeBlocks(wave: { name: string; programmeName?: string }, o: WaveOutcomes, funnel?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const r = o.retro;
  const pods = [
    o.pods.live ? `${o.pods.live} meeting${o.pods.inRetro ? ` (${o.pods.inRetro} in their retro)` : ''}` : '',
    o.pods.continued ? `${o.pods.continued} continued` : '',
    o.pods.closed ? `${o.pods.closed} closed` : '',
  ].filter(Boolean).join(' · ') || 'no pods meeting yet';
  const s = o.sessions;
  const sessions = `*Sessions:* ${s.held} met · ${s.skipped} skipped${s.unrecorded ? ` · ${s.unrecorded} not checked in` : ''}${s.upcoming ? ` · ${s.upcoming} to come` : ''}`;
  let retro = '*Retro:* not started yet';
  if (r.asked > 0) {
    const value = r.answered >= LEAD_MIN_ANSWERS
      ? `value ${r.ratings.map((n, i) => `${i + 1}★ ${n}`).join(' · ')} · would recommend *${rate(r.recommendYes, r.recommendAnswered)}*`
      : `value and recommendation shown from ${LEAD_MIN_ANSWERS} answers`;
    retro = `*Retro:* ${r.answered} of ${r.asked} answered · want to continue *${rate(r.wantContinue, r.answered)}* · ${value}`;
  }
  blocks.push(section(`*${escape(wave.name)}* · pods: ${pods}${funnel ? `\n${funnel}` : ''}\n${sessions}\n${retro}`));

  if (o.quotes.length) {
    const lines = o.quotes.slice(0, QUOTES_SHOWN).map((q) => [
      q.celebrate ? `> :tada: ${escape(clip(q.celebrate))}` : '',
      q.change ? `> :wrench: ${escape(clip(q.change))}` : '',
    ].filter(Boolean).join('\n') + `\n_${escape(q.podName)}_`);
    const more = o.quotes.length > QUOTES_SHOWN ? `\n_and ${o.quotes.length - QUOTES_SHOWN} more shared answers_` : '';
    blocks.push(section(`*Shared with leads* (only answers whose author ticked "share")\n${lines.join('\n')}${more}`));
  }
  const attention = [
    ...o.attention.slice(0, ATTENTION_SHOWN).map((a) => `• *${escape(a.podName)}*: ${escape(a.what)}`),
    o.attention.length > ATTENTION_SHOWN ? `• and ${o.attention.length - ATTENTION_SHOWN} more pods` : '',
    o.silentInvites.length ? `• *Invites not answered (${o.silentInvites.length}):* ${peopleList(o.silentInvites)}` : '',
    o.silentRetros.length ? `• *Retro not answered (${o.silentRetros.length}):* ${peopleList(o.silentRetros)}` : '',
  ].filter(Boolean);
  if (attention.length) blocks.push(section(`:eyes: *Needs attention*\n${attention.join('\n')}`));
  return blocks;
}

/**
 * What the programme's next wave could do: reach teams none of its waves has reached, and first
 * offer places to people who asked to continue a pod of it that closed.
 */
export function nextWaveBlocks(s: { teamsNotReached: readonly string[]; askedToContinue: readonly Person[] }): KnownBlock[] {
  const teams = s.teamsNotReached.length
    ? `*Teams not yet reached (${s.teamsNotReached.length}):* ${s.teamsNotReached.slice(0, 20).map(escape).join(', ')}${s.teamsNotReached.length > 20 ? ` and ${s.teamsNotReached.length - 20} more` : ''}`
    : '*Every team has had a wave.*';
  const asked = s.askedToContinue.length
    ? `*Asked to continue after their pod closed (${s.askedToContinue.length}):* ${peopleList(s.askedToContinue)}. They are offered places first in the next wave.`
    : 'Nobody is waiting to continue.';
  return [section(`:compass: *For the next wave*\n${teams}\n${asked}`)];
}

export function outcomesFootnote(hiddenWaves: number, hiddenProgrammes = 0): KnownBlock {
  const hidden = [
    hiddenWaves > 0 ? `${hiddenWaves} older ${hiddenWaves === 1 ? 'wave is' : 'waves are'} not shown` : '',
    hiddenProgrammes > 0 ? `${hiddenProgrammes} more ${hiddenProgrammes === 1 ? 'programme is' : 'programmes are'} not shown (none of their waves is among the newest)` : '',
  ].filter(Boolean).join('; ');
  return context(`Retro answers belong to each pod: you see totals, names of who hasn't answered, and only the words people chose to share.${hidden ? ` ${hidden}.` : ''}`);
}
