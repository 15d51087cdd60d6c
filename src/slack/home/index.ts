import type { HomeSection } from './sections.ts';
import { memberSection } from './member.section.ts';
import { leadSection } from './lead.section.ts';
import { outcomesSection } from './outcomes.section.ts';
import { hrSection } from './hr.section.ts';
import { adminSection } from './admin.section.ts';

/** Home tab sections in display order. */
export const homeSections: HomeSection[] = [memberSection, leadSection, outcomesSection, hrSection, adminSection];
