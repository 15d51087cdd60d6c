import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportUrlsFor } from '../../src/reports/report-links.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { seedReportOrg } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Where the screenshot goes (git-ignored with the rest of .data/). */
export const SCREENSHOT = path.resolve('.data/screenshots/hr-report.png');

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`\n!!!!!! SKIPPING the HR report browser check: ${CHROMIUM} is missing. Install Debian's chromium (apt-get install -y chromium; .ci/run does). !!!!!!\n`);
}

describe.skipIf(!available)('the HR report in real headless Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  beforeAll(async () => {
    rt = await startTestRuntime({ workers: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it('renders the four charts and the tables, and saves a screenshot', async () => {
    const org = await seedReportOrg(rt.db, rt.slackEmulator);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const response = await page.goto(reportUrlsFor(rt.config, org.hr.personId, new Date())!.html);
    expect(response?.status()).toBe(200);
    for (const chart of ['coverage', 'funnel', 'trend', 'connections']) {
      const svg = page.locator(`figure[data-chart="${chart}"] svg`);
      const box = await svg.boundingBox();
      expect(box?.width, chart).toBeGreaterThan(150);
      expect(box?.height, chart).toBeGreaterThan(20);
      // Marks were drawn: the chart's own shapes, not just axes.
      const marks = await svg.locator('g.mark-rect path, g.mark-line path, g.mark-symbol path').count();
      expect(marks, chart).toBeGreaterThan(0);
    }
    // Bars for the three teams whose coverage is shown.
    expect(await page.locator('figure[data-chart="coverage"] g.mark-rect path').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('table').count()).toBe(3);
    expect(await page.title()).toContain('HR rollout report');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    console.log(`HR report screenshot: ${SCREENSHOT}`);
  });
});
