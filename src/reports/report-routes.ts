import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../slack/context.ts';
import { loadHrReport } from './hr-report.service.ts';
import { linkCookieName, openReportLink } from './report-access.service.ts';
import { ReportLinkError } from './report-link.ts';
import { reportCsvFile, reportPageFile } from './report-render.ts';
import { reportLinkSecret } from './report-secret.ts';

type Context = Pick<AppContext, 'db' | 'config' | 'clock' | 'log'>;

const SECURITY_HEADERS = {
  'cache-control': 'private, no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
};

function cookies(req: IncomingMessage): Map<string, string> {
  return new Map((req.headers.cookie ?? '').split(';').map((part) => part.trim().split('=') as [string, string]).filter(([k, v]) => k && v));
}

function refusal(res: ServerResponse, error: ReportLinkError): void {
  res.writeHead(403, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>peerpods · link refused</title>` +
    `<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>This link can't be opened</h1>` +
    `<p data-refusal="${error.reason}">${error.message.replace(/</g, '&lt;')}</p></body></html>`);
}

/**
 * The HR report page and its CSV, served by the app's HTTP receiver behind signed links (see
 * report-access.service.ts). Both are built from the one protected report.
 */
export function reportRoutes(ctx: Context): CustomRoute[] {
  const handle = (kind: 'html' | 'csv') => async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('t') ?? '';
      const now = ctx.clock.now();
      const jar = cookies(req);
      const nonce = /"nonce":"([0-9a-f]{32})"/.exec(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))?.[1] ?? '';
      const opened = await openReportLink(ctx.db, {
        secret: reportLinkSecret(ctx.config), token, browserSecret: jar.get(linkCookieName(nonce)), admins: ctx.config.PEERPODS_ADMINS, now,
      });
      const headers: Record<string, string | string[]> = { ...SECURITY_HEADERS };
      if (opened.newBrowserSecret) {
        const maxAge = Math.max(0, opened.claims.expiresAt - Math.floor(now.getTime() / 1000));
        const secure = ctx.config.PUBLIC_URL?.startsWith('https:') ? '; Secure' : '';
        headers['set-cookie'] = `${linkCookieName(opened.claims.nonce)}=${opened.newBrowserSecret}; Path=/reports; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
      }
      const report = await loadHrReport(ctx.db, now);
      if (kind === 'csv') {
        res.writeHead(200, { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="peerpods-hr-report-${report.generatedAt.slice(0, 10)}.csv"` });
        res.end(reportCsvFile(report));
        return;
      }
      const page = await reportPageFile(report, `hr.csv?t=${encodeURIComponent(token)}`);
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } catch (error) {
      if (error instanceof ReportLinkError) return refusal(res, error);
      ctx.log.error('hr report failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The report could not be built just now. Try again in a minute.');
    }
  };
  return [
    { path: '/reports/hr', method: ['GET'], handler: handle('html') },
    { path: '/reports/hr.csv', method: ['GET'], handler: handle('csv') },
  ];
}
