import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed links to the HR report: `<payload>.<signature>`, both base64url. The payload names the
 * person the link was made for, when it expires and a nonce; the signature is an HMAC-SHA256
 * under REPORT_LINK_SECRET, so any change to the payload (another person, a later expiry) is
 * refused.
 */
export interface ReportLinkClaims {
  personId: string;
  /** Unix seconds. */
  expiresAt: number;
  nonce: string;
}

export type LinkRefusal = 'malformed' | 'tampered' | 'expired';

export class ReportLinkError extends Error {
  constructor(readonly reason: LinkRefusal | 'not_allowed' | 'other_browser') {
    super(REFUSAL_TEXT[reason]);
    this.name = 'ReportLinkError';
  }
}

const FRESH_LINK = 'Open the report again from the HR section of your peerpods home tab in Slack for a fresh link.';
const REFUSAL_TEXT: Record<ReportLinkError['reason'], string> = {
  malformed: `This report link is incomplete or damaged. ${FRESH_LINK}`,
  tampered: `This report link is not valid: it was changed after it was made. ${FRESH_LINK}`,
  expired: `This report link has expired. ${FRESH_LINK}`,
  not_allowed: 'This report link was made for someone who may not see HR reports (any more). Ask a peerpods admin for the HR role.',
  other_browser: `This report link was already opened in another browser; links are personal. ${FRESH_LINK}`,
};

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function signature(secret: string, payload: string): string {
  return b64(createHmac('sha256', secret).update(`peerpods-report-link:${payload}`).digest());
}

export function signReportLink(secret: string, personId: string, now: Date, ttlHours: number): string {
  const claims: ReportLinkClaims = {
    personId,
    expiresAt: Math.floor(now.getTime() / 1000) + ttlHours * 3600,
    nonce: randomBytes(16).toString('hex'),
  };
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${signature(secret, payload)}`;
}

/** The claims of a genuine, unexpired link; throws ReportLinkError otherwise. */
export function verifyReportLink(secret: string, token: string, now: Date): ReportLinkClaims {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) throw new ReportLinkError('malformed');
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new ReportLinkError('tampered');
  let claims: ReportLinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ReportLinkClaims;
  } catch {
    throw new ReportLinkError('malformed');
  }
  if (typeof claims.personId !== 'string' || typeof claims.expiresAt !== 'number' || !/^[0-9a-f]{32}$/.test(String(claims.nonce))) {
    throw new ReportLinkError('malformed');
  }
  if (claims.expiresAt * 1000 <= now.getTime()) throw new ReportLinkError('expired');
  return claims;
}
