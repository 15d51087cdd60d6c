import type { KnownBlock } from '@slack/types';
import { listProgrammes } from '../../programmes/programme.repository.ts';
import { hhmmOf } from '../../programmes/programme.settings.ts';
import { waveFunnel } from '../../waves/wave.repository.ts';
import { actions, button, context, escape, header, section } from '../blocks/common.ts';
import { coverageLine, funnelLine } from '../blocks/funnel.ts';
import { slackDate } from '../blocks/time.ts';
import { waveStateWord } from '../blocks/words.ts';
import type { HomeSection } from './sections.ts';

const MAX_WAVES = 10;

/** Programme leads: programmes, waves with their funnel, team coverage, and the launch button. */
export const leadSection: HomeSection = {
  id: 'lead',
  role: 'lead',
  // Admins may launch waves too (PERMISSIONS): they get the same controls.
  permission: 'wave.preview',
  async render(ctx, { person }) {
    const programmes = await listProgrammes(ctx.db);
    const waves = await ctx.db.selectFrom('wave').selectAll().where('status', 'not in', ['draft', 'cancelled'])
      .orderBy('created_at', 'desc').limit(MAX_WAVES).execute();
    const teams = await ctx.db.selectFrom('team').select(['id', 'name']).orderBy('name').execute();
    const coveredIds = new Set((await ctx.db.selectFrom('wave_team').innerJoin('wave', 'wave.id', 'wave_team.wave_id')
      .select('wave_team.team_id').where('wave.status', 'not in', ['draft', 'cancelled']).execute()).map((r) => r.team_id));

    const blocks: KnownBlock[] = [header('Programme lead')];
    if (programmes.length === 0) blocks.push(section('No programme yet. Create one to set pod size, cadence and the facilitation guide.'));
    for (const p of programmes.slice(0, 5)) {
      blocks.push(section(
        `*${escape(p.name)}*: pods of ${p.min_size}–${p.max_size}, ${p.cadence_weeks === 1 ? 'weekly' : `every ${p.cadence_weeks} weeks`}, ${p.session_count} × ${p.session_minutes} min, ${hhmmOf(p.work_start_minute)}–${hhmmOf(p.work_end_minute)}`,
        button('Edit', 'programme_edit_open', p.id),
      ));
    }
    blocks.push(actions('lead_controls', [button('Launch wave', 'wave_launch_open', undefined, 'primary'), button('New programme', 'programme_edit_open')]));
    blocks.push(section(coverageLine(teams.filter((t) => coveredIds.has(t.id)).map((t) => t.name), teams.filter((t) => !coveredIds.has(t.id)).map((t) => t.name))));
    if (waves.length === 0) blocks.push(context('No wave launched yet.'));
    for (const wave of waves) {
      const f = await waveFunnel(ctx.db, wave.id);
      const closes = `invites ${wave.status === 'inviting' ? 'close' : 'closed'} ${slackDate(wave.invite_deadline, person.timezone)}`;
      const text = `*${escape(wave.name)}* · ${waveStateWord(wave.status)} · ${closes}\n${funnelLine(f)}`;
      blocks.push(section(text, button('Open', 'wave_detail_open', wave.id)));
      if (wave.status === 'inviting') blocks.push(actions(`wave_${wave.id}`, [{ ...button('Cancel wave', 'wave_cancel', wave.id, 'danger'), confirm: {
        title: { type: 'plain_text', text: 'Cancel this wave?' }, text: { type: 'plain_text', text: 'Pending and accepted invites are withdrawn and invitees are told.' },
        confirm: { type: 'plain_text', text: 'Cancel wave' }, deny: { type: 'plain_text', text: 'Keep it' },
      } }]));
    }
    return blocks;
  },
};
