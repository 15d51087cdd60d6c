import type { WebClient } from '@slack/web-api';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { hrChartSpecs } from '../core/reports/chart-specs.ts';
import { isoWeek } from '../core/reports/iso-week.ts';
import type { Db } from '../db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { hrDigestText, hrDigestTitle } from '../slack/blocks/hr-digest.blocks.ts';
import { renderSvg, svgToPng } from './chart-render.ts';
import { loadHrReport } from './hr-report.service.ts';

export interface DigestDeps {
  db: Db;
  slack: WebClient;
  clock: Clock;
  config: Pick<Config, 'HR_DIGEST_CHANNEL'>;
  log: Logger;
}

export type DigestOutcome = 'sent' | 'found_sent' | 'already_sent' | 'no_channel';

/**
 * The weekly HR digest: the coverage chart as a PNG and the headline figures, uploaded to
 * HR_DIGEST_CHANNEL (files.getUploadURLExternal, POST, files.completeUploadExternal). Exactly
 * once per ISO week: the week is claimed in Postgres first; a retry after an attempt that may
 * have uploaded (a crash, a lost answer) looks for the week's file in the channel before
 * uploading again.
 */
export async function sendHrDigest(deps: DigestDeps, week?: string): Promise<DigestOutcome> {
  const channel = deps.config.HR_DIGEST_CHANNEL;
  if (!channel) return 'no_channel';
  const now = deps.clock.now();
  const key = week ?? isoWeek(now);
  await deps.db.insertInto('hr_digest').values({ week: key, channel_id: channel, claimed_at: now })
    .onConflict((oc) => oc.column('week').doNothing()).execute();
  const claim = await deps.db.updateTable('hr_digest').set({ attempts: sql`attempts + 1` })
    .where('week', '=', key).where('state', '=', 'claimed').returning(['attempts', 'channel_id']).executeTakeFirst();
  if (!claim) return 'already_sent';

  const title = hrDigestTitle(key);
  if (claim.attempts > 1) {
    const earlier = await findDigestFile(deps.slack, claim.channel_id, title);
    if (earlier) {
      await markSent(deps.db, key, earlier, now);
      return 'found_sent';
    }
  }
  const report = await loadHrReport(deps.db, now, { fresh: true });
  const chart = hrChartSpecs(report).find((c) => c.id === 'coverage')!;
  const png = svgToPng(await renderSvg(chart));
  const filename = `peerpods-hr-digest-${key}.png`;
  const reserved = await deps.slack.files.getUploadURLExternal({ filename, length: png.length });
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal returned no upload_url');
  const uploaded = await fetch(reserved.upload_url, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
  if (!uploaded.ok) throw new Error(`upload to Slack failed with HTTP ${uploaded.status}`);
  await deps.slack.files.completeUploadExternal({
    files: [{ id: reserved.file_id, title }],
    channel_id: claim.channel_id,
    initial_comment: hrDigestText(report, key),
  });
  await markSent(deps.db, key, reserved.file_id, deps.clock.now());
  deps.log.info('hr digest sent', { week: key, bytes: png.length });
  return 'sent';
}

async function markSent(db: Db, week: string, fileId: string, at: Date): Promise<void> {
  await db.updateTable('hr_digest').set({ state: 'sent', file_id: fileId, sent_at: at }).where('week', '=', week).execute();
}

async function findDigestFile(slack: WebClient, channel: string, title: string): Promise<string | undefined> {
  const history = await slack.conversations.history({ channel, limit: 100 });
  for (const message of history.messages ?? []) {
    const file = (message.files ?? []).find((f) => f.title === title);
    if (file?.id) return file.id;
  }
  return undefined;
}
