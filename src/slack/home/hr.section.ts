import { loadHrReport } from '../../reports/hr-report.service.ts';
import { reportUrlsFor } from '../../reports/report-links.service.ts';
import { hrHomeBlocks } from '../blocks/hr.blocks.ts';
import type { HomeSection } from './sections.ts';

/** HR: the rollout in aggregate, protected by the privacy module; never an individual's answers (DESIGN.md §7). */
export const hrSection: HomeSection = {
  id: 'hr',
  role: 'hr',
  async render(ctx, actor) {
    const now = ctx.clock.now();
    const report = await loadHrReport(ctx.db, now);
    return hrHomeBlocks(report, reportUrlsFor(ctx.config, actor.person.id, now));
  },
};
