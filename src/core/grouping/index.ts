export type { GroupBounds, PairBenefit, GroupingProblem, SolveOptions, GroupingResult } from './problem.ts';
export { InfeasibleBoundsError } from './problem.ts';
export { solveGrouping } from './solve.ts';
