import type { KnownBlock } from '@slack/types';
import { listProgrammes } from '../../programmes/programme.repository.ts';
import { hhmmOf } from '../../programmes/programme.settings.ts';
import { draftWaves } from '../../waves/draft.repository.ts';
import { shortInvitingPods, waveFunnels } from '../../waves/funnels.repository.ts';
import { actions, button, context, escape, header, section } from '../blocks/common.ts';
import { coverageLine, funnelLine, shortInvitingLine } from '../blocks/funnel.ts';
import { draftLine, LEAD_HOME_ACTIONS, pager, PROGRAMMES_PER_PAGE, WAVES_PER_PAGE, DRAFTS_SHOWN } from '../blocks/lead-home.blocks.ts';
import { slackDate } from '../blocks/time.ts';
import { waveStateWord } from '../blocks/words.ts';
import type { HomeSection } from './sections.ts';

/**
 * Programme leads: programmes and launched waves a page at a time (each list says how many exist
 * and pages with buttons), drafts kept from a preview, team coverage, and the launch button.
 */
export const leadSection: HomeSection = {
  id: 'lead',
  role: 'lead',
  // Admins may launch waves too (PERMISSIONS): they get the same controls.
  permission: 'wave.preview',
  async render(ctx, { person }, state = {}) {
    const launched = ctx.db.selectFrom('wave').where('status', 'not in', ['draft', 'cancelled']);
    const [programmes, counted, drafts, teams, covered] = await Promise.all([
      listProgrammes(ctx.db),
      launched.select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      draftWaves(ctx.db),
      ctx.db.selectFrom('team').select(['id', 'name']).orderBy('name').execute(),
      ctx.db.selectFrom('wave_team').innerJoin('wave', 'wave.id', 'wave_team.wave_id').select('wave_team.team_id').where('wave.status', 'not in', ['draft', 'cancelled']).execute(),
    ]);
    const waveCount = Number(counted.n);
    const coveredIds = new Set(covered.map((r) => r.team_id));
    const programmePages = Math.max(1, Math.ceil(programmes.length / PROGRAMMES_PER_PAGE));
    const wavePages = Math.max(1, Math.ceil(waveCount / WAVES_PER_PAGE));
    const pp = Math.min(Math.max(0, state.programmesPage ?? 0), programmePages - 1);
    const wp = Math.min(Math.max(0, state.wavesPage ?? 0), wavePages - 1);
    const waves = await launched.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(wp * WAVES_PER_PAGE).limit(WAVES_PER_PAGE).execute();

    const blocks: KnownBlock[] = [header('Programme lead')];
    if (programmes.length === 0) blocks.push(section('No programme yet. Create one to set pod size, cadence and the facilitation guide.'));
    for (const p of programmes.slice(pp * PROGRAMMES_PER_PAGE, (pp + 1) * PROGRAMMES_PER_PAGE)) {
      blocks.push(section(
        `*${escape(p.name)}*: pods of ${p.min_size}–${p.max_size}, ${p.cadence_weeks === 1 ? 'weekly' : `every ${p.cadence_weeks} weeks`}, ${p.session_count} × ${p.session_minutes} min, ${hhmmOf(p.work_start_minute)}–${hhmmOf(p.work_end_minute)}`,
        button('Edit', 'programme_edit_open', p.id),
      ));
    }
    blocks.push(...pager('programmes', programmes.length, PROGRAMMES_PER_PAGE, pp, { programmesPage: pp, wavesPage: wp }));
    blocks.push(actions('lead_controls', [button('Launch wave', 'wave_launch_open', undefined, 'primary'), button('New programme', 'programme_edit_open')]));
    blocks.push(section(coverageLine(teams.filter((t) => coveredIds.has(t.id)).map((t) => t.name), teams.filter((t) => !coveredIds.has(t.id)).map((t) => t.name))));

    if (drafts.length) {
      blocks.push(context(`*Drafts (${drafts.length})*: previews kept until you launch or discard them${drafts.length > DRAFTS_SHOWN ? `; the newest ${DRAFTS_SHOWN} are shown` : ''}.`));
      for (const d of drafts.slice(0, DRAFTS_SHOWN)) blocks.push(section(draftLine(d, person.timezone), button('Open preview', LEAD_HOME_ACTIONS.previewOpen, d.id)));
    }

    if (waveCount === 0) blocks.push(context('No wave launched yet.'));
    else blocks.push(context(`*Waves (${waveCount})*, newest first`));
    // The funnels of the waves shown, in five grouped queries, and their inviting pods gone short in one.
    const inviting = waves.filter((w) => w.status === 'inviting').map((w) => w.id);
    const [funnels, short] = await Promise.all([waveFunnels(ctx.db, waves.map((w) => w.id)), shortInvitingPods(ctx.db, inviting)]);
    for (const wave of waves) {
      const f = funnels.get(wave.id)!;
      const closes = `invites ${wave.status === 'inviting' ? 'close' : 'closed'} ${slackDate(wave.invite_deadline, person.timezone)}`;
      const shortLine = short.has(wave.id) ? `\n${shortInvitingLine(short.get(wave.id)!, wave.invite_deadline, person.timezone)}` : '';
      const text = `*${escape(wave.name)}* · ${waveStateWord(wave.status)} · ${closes}\n${funnelLine(f)}${shortLine}`;
      blocks.push(section(text, button('Open', 'wave_detail_open', wave.id)));
      if (wave.status === 'inviting') blocks.push(actions(`wave_${wave.id}`, [{ ...button('Cancel wave', 'wave_cancel', wave.id, 'danger'), confirm: {
        title: { type: 'plain_text', text: 'Cancel this wave?' }, text: { type: 'plain_text', text: 'Pending and accepted invites are withdrawn and invitees are told.' },
        confirm: { type: 'plain_text', text: 'Cancel wave' }, deny: { type: 'plain_text', text: 'Keep it' },
      } }]));
    }
    blocks.push(...pager('waves', waveCount, WAVES_PER_PAGE, wp, { programmesPage: pp, wavesPage: wp }));
    return blocks;
  },
};
