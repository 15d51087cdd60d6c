import type { KnownBlock } from '@slack/types';
import { practiceFor } from '../../core/rhythm/guide.ts';
import { openFlags } from '../../rhythm/digest.service.ts';
import { nextFacilitator } from '../../core/rhythm/timing.ts';
import { LIVE_POD, podMembers } from '../../rhythm/rhythm.repository.ts';
import { context, escape, section } from '../blocks/common.ts';
import { missedText, when } from '../blocks/rhythm.blocks.ts';
import { leadSection } from './lead.section.ts';
import { memberSection } from './member.section.ts';
import type { HomeSection } from './sections.ts';

const SHOWN = 10;

/** Leads: pods that missed two sessions in a row, until they meet again. */
export const podAttentionSection: HomeSection = {
  id: 'rhythm-attention',
  role: 'lead',
  permission: 'wave.preview',
  async render(ctx) {
    const flags = await openFlags(ctx.db, 200);
    if (flags.length === 0) return [];
    const lines = flags.slice(0, SHOWN).map((f) => `• *${escape(f.podName)}* (${escape(f.waveName)}): ${missedText(f.missed)}`);
    const blocks: KnownBlock[] = [section(`:warning: *Pods needing attention (${flags.length === 200 ? '200+' : flags.length})*\n${lines.join('\n')}`.slice(0, 3000))];
    if (flags.length > SHOWN) blocks.push(context(`and ${flags.length - SHOWN} more; the Monday digest lists them by programme.`));
    blocks.push(context('Each pod got one gentle note asking whether to keep going, change the time or pause. A flag clears when the pod meets again.'));
    return blocks;
  },
};

/** Everyone in a meeting pod: their next session, who hosts, the practice. */
export const nextSessionSection: HomeSection = {
  id: 'rhythm-next-session',
  role: 'member',
  async render(ctx, { person }) {
    const next = await ctx.db.selectFrom('pod_member as m').innerJoin('pod as p', 'p.id', 'm.pod_id').innerJoin('pod_session as s', 's.pod_id', 'p.id')
      .innerJoin('wave as w', 'w.id', 'p.wave_id').innerJoin('programme as pr', 'pr.id', 'w.programme_id').leftJoin('person as f', 'f.id', 's.facilitator_id')
      .select(['p.id as podId', 'p.name', 's.index', 's.starts_at', 'f.name as facilitator', 'f.id as facilitatorId', 'f.status as facilitatorStatus', 'pr.facilitation_guide'])
      .where('m.person_id', '=', person.id).where('m.left_at', 'is', null).where('p.status', 'in', [...LIVE_POD])
      .where('s.status', '=', 'scheduled').where('s.starts_at', '>', ctx.clock.now()).orderBy('s.starts_at').limit(1).executeTakeFirst();
    if (!next) return [];
    const total = await ctx.db.selectFrom('pod_session').select((eb) => eb.fn.countAll<number>().as('n')).where('pod_id', '=', next.podId).executeTakeFirstOrThrow();
    // Someone paused or gone hands the turn on when the prompt goes out: show who will take it.
    let hostId = next.facilitatorId;
    let hostName = next.facilitator;
    if (next.facilitatorStatus !== 'active') {
      const stand = nextFacilitator(await podMembers(ctx.db, next.podId), next.facilitatorId ?? '');
      hostId = stand?.personId ?? null;
      hostName = stand?.name ?? null;
    }
    const host = hostId === person.id ? '*you*' : escape(hostName ?? 'someone in the pod');
    return [section(`*Next session:* ${escape(next.name)}, ${when(next.starts_at, '{date_long_pretty} at {time}')} (session ${next.index + 1} of ${Number(total.n)}), hosted by ${host}.\n_${escape(practiceFor(next.facilitation_guide, Number(total.n), next.index)).slice(0, 1500)}_`)];
  },
};

/** The home's sections with the rhythm's placed after the member's and the lead's own. */
export function withRhythmSections(sections: readonly HomeSection[]): HomeSection[] {
  return sections.flatMap((s) => (s === memberSection ? [s, nextSessionSection] : s === leadSection ? [s, podAttentionSection] : [s]));
}
