import { escape } from './common.ts';
import type { FunnelCounts } from '../../waves/wave.repository.ts';
import type { ShortInviting } from '../../waves/funnels.repository.ts';
import { slackDate } from './time.ts';

/** Share of a stage relative to the previous one, as a whole percent ('–' when nothing came in). */
export function rate(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–';
}

/**
 * One line per wave: pool → invited → accepted → pods confirmed (later stages come with later
 * issues). "accepted" counts everyone who said yes; those the deadline could not seat are shown
 * apart ("accepted, unplaced"), so they neither vanish nor count twice.
 */
export function funnelLine(f: FunnelCounts): string {
  const stages = [
    `pool *${f.pool}*`,
    `invited *${f.invited}*`,
    `accepted *${f.accepted}* (${rate(f.accepted, f.invited)})`,
    `pods confirmed *${f.podsConfirmed}*`,
  ];
  const extra = [
    f.pending ? `${f.pending} awaiting an answer` : '',
    f.declined ? `${f.declined} declined` : '',
    f.expired ? `${f.expired} expired` : '',
    f.acceptedUnplaced ? `${f.acceptedUnplaced} accepted, unplaced` : '',
    f.unplaced - f.acceptedUnplaced > 0 ? `${f.unplaced - f.acceptedUnplaced} unplaced` : '',
    f.podsInviting ? `${f.podsInviting} pods inviting` : '',
    f.podsDissolved ? `${f.podsDissolved} dissolved` : '',
  ].filter(Boolean);
  const warning = f.podsShort ? `\n:warning: ${f.podsShort} pod${f.podsShort === 1 ? ' is' : 's are'} below minimum after members left` : '';
  return `${stages.join(' → ')}${extra.length ? `\n${extra.join(' · ')}` : ''}${warning}`;
}

/**
 * Inviting pods that can no longer reach their minimum, as a lead would say it, with the time to
 * act by in the lead's zone: after the deadline the app merges or re-matches them itself.
 */
export function shortInvitingLine(s: ShortInviting, deadline: Date, timezone: string | null | undefined): string {
  if (s.pods === 0) return '';
  const what = `${s.pods} pod${s.pods === 1 ? '' : 's'} can't reach ${s.minSize ?? 'their minimum'}`;
  return `:warning: *${what}* even if everyone not answered says yes: act before ${slackDate(deadline, timezone)} (Open: merge, re-match or invite from the waiting list), or the deadline merges or re-matches ${s.pods === 1 ? 'it' : 'them'}.`;
}

/** Teams reached by at least one launched wave, and those not yet reached. */
export function coverageLine(covered: readonly string[], notReached: readonly string[]): string {
  // Team names are user-controlled (Directory departments, user groups): escaped, so a team
  // called "<!channel>" cannot ping anyone.
  const list = (names: readonly string[]) => (names.length > 12 ? `${names.slice(0, 12).map(escape).join(', ')} and ${names.length - 12} more` : names.map(escape).join(', '));
  return `*Teams covered (${covered.length}):* ${covered.length ? list(covered) : 'none yet'}\n*Not yet reached (${notReached.length}):* ${notReached.length ? list(notReached) : 'none: every team has had a wave'}`;
}
