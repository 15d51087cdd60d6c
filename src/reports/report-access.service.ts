import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.repository.ts';
import { allows } from '../core/permissions.ts';
import type { Executor } from '../db.ts';
import { findPersonById, rolesOf } from '../roster/person.repository.ts';
import { isConfiguredAdmin } from '../roster/roles.service.ts';
import { ReportLinkError, verifyReportLink, type ReportLinkClaims } from './report-link.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface OpenedReportLink {
  claims: ReportLinkClaims;
  /** Set on the first opening: the cookie that binds the link to this browser. */
  newBrowserSecret?: string;
}

/**
 * Opens a signed report link: genuine and unexpired, made for someone who may still view HR
 * reports, and opened in the browser that first opened it (a forwarded link is someone else's).
 * Every refusal and every first opening is audited. Throws ReportLinkError when refused.
 */
export async function openReportLink(
  db: Executor,
  input: { secret: string; token: string; browserSecret: string | undefined; admins: readonly string[]; now: Date },
): Promise<OpenedReportLink> {
  const refuse = async (error: ReportLinkError, personId: string | null) => {
    await recordAudit(db, { actorId: personId, actorSlackId: null, action: 'report.view', allowed: false, detail: `refused: ${error.reason}` }, input.now);
    return error;
  };
  let claims: ReportLinkClaims;
  try {
    claims = verifyReportLink(input.secret, input.token, input.now);
  } catch (error) {
    throw error instanceof ReportLinkError ? await refuse(error, null) : error;
  }
  const person = await findPersonById(db, claims.personId);
  const roles = person ? await rolesOf(db, person.id) : [];
  const configuredAdmin = person && (await isConfiguredAdmin(db, person, input.admins));
  if (!person || person.status === 'left' || !(allows(roles, 'report.view') || configuredAdmin)) {
    throw await refuse(new ReportLinkError('not_allowed'), person?.id ?? null);
  }

  const secret = randomBytes(24).toString('hex');
  const inserted = await db
    .insertInto('report_link')
    .values({
      nonce: claims.nonce, person_id: person.id, expires_at: new Date(claims.expiresAt * 1000),
      browser_hash: sha256(secret), first_opened_at: input.now, last_opened_at: input.now,
    })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (inserted) {
    await recordAudit(db, { actorId: person.id, actorSlackId: person.slack_user_id, action: 'report.view', allowed: true, subject: { link: claims.nonce.slice(0, 8) } }, input.now);
    return { claims, newBrowserSecret: secret };
  }
  const bound = await db
    .updateTable('report_link')
    .set({ last_opened_at: input.now })
    .where('nonce', '=', claims.nonce)
    .where('browser_hash', '=', sha256(input.browserSecret ?? ''))
    .returning('nonce')
    .executeTakeFirst();
  if (!bound) throw await refuse(new ReportLinkError('other_browser'), person.id);
  return { claims };
}

/** The cookie name of one link: several links can be open in one browser at once. */
export function linkCookieName(nonce: string): string {
  return `pp_report_${nonce.slice(0, 12)}`;
}
