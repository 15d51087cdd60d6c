export type { GroupBounds, PairBenefit, GroupingProblem, SolveOptions, GroupingResult } from './problem.ts';
export { InfeasibleBoundsError } from './problem.ts';
export { solveGrouping } from './solve.ts';
export { MdgpFormatError, parseMdgp, type MdgpInstance } from './mdgp.ts';
export { greedyGrouping, randomGrouping, type BaselineResult } from './baselines.ts';
