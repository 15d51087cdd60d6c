import * as highsPackage from 'highs';
import type { Highs } from 'highs';

/**
 * A small builder over HiGHS (the open-source LP/MIP solver, compiled to WebAssembly by the npm
 * package `highs`). The WebAssembly module is loaded once when this module is first imported (a
 * top-level await), so solving stays synchronous and the matcher stays a plain function.
 */
// The package's types describe CommonJS; under ESM its loader is the namespace's default export.
const loadHighs = (highsPackage as unknown as { default: () => Promise<Highs> }).default;
const highs = await loadHighs();

export interface IpSolution {
  /** 'optimal', or 'limit' when the time limit stopped the search with a solution in hand. */
  status: 'optimal' | 'limit';
  objective: number;
  /** Best proven bound on the objective (equals `objective` when optimal; LP: the objective). */
  bound: number;
  values: Float64Array;
}

export class IntegerProgram {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: number[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly coefficients: number[] = [];

  constructor(private readonly sense: 'min' | 'max') {}

  get columns(): number { return this.cost.length; }
  get rows(): number { return this.rowLower.length; }

  /** A column with objective coefficient `cost` and bounds; returns its index. */
  variable(cost: number, lower = 0, upper = Infinity, integer = true): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  /** Fix column `c` to `value` (lower = upper). */
  fix(c: number, value: number): void {
    this.lower[c] = value;
    this.upper[c] = value;
  }

  /** Set the objective coefficient of `columns` to `cost`. */
  setCosts(columns: readonly number[], cost: number): void {
    for (const c of columns) this.cost[c] = cost;
  }

  /** lower ≤ Σ coefficient·column ≤ upper. */
  row(lower: number, upper: number, columns: readonly number[], coefficients: readonly number[]): void {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (let k = 0; k < columns.length; k++) {
      if (coefficients[k] === 0) continue;
      this.indices.push(columns[k]!);
      this.coefficients.push(coefficients[k]!);
    }
    this.starts.push(this.indices.length);
  }

  /** Solve; throws when the model is infeasible or the limit left no solution (a bug in the caller's model). */
  solve(options: { timeLimitSeconds?: number; relaxation?: boolean } = {}): IpSolution {
    const inf = highs.infinity;
    const clamp = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);
    const model = highs.createModel({
      numCols: this.cost.length,
      numRows: this.rowLower.length,
      sense: this.sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      colCost: this.cost,
      colLower: this.lower.map(clamp),
      colUpper: this.upper.map(clamp),
      rowLower: this.rowLower.map(clamp),
      rowUpper: this.rowUpper.map(clamp),
      matrix: { format: 'csr', numRows: this.rowLower.length, numCols: this.cost.length,
        starts: Int32Array.from(this.starts), indices: Int32Array.from(this.indices), values: Float64Array.from(this.coefficients) },
      ...(options.relaxation ? {} : { integrality: Int32Array.from(this.integer) as unknown as readonly (0 | 1)[] }),
    });
    try {
      model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.999, time_limit: options.timeLimitSeconds ?? 30 });
      // Linear programs by simplex: an optimal vertex (integral for the network flows of programs.ts).
      if (options.relaxation || !this.integer.some((x) => x === 1)) model.options.set({ solver: 'simplex' });
      model.run();
      const status = model.getModelStatus();
      const codes = highs.constants.modelStatus;
      const solution = model.getSolution();
      const objective = model.getObjectiveValue();
      const mip = !options.relaxation && this.integer.some((x) => x === 1);
      if (status === codes.optimal || status === codes.empty) {
        return { status: 'optimal', objective, bound: objective, values: Float64Array.from(solution.colValue) };
      }
      if (status === codes.timeLimit && mip && solution.colValue.length === this.cost.length && Number.isFinite(objective)) {
        const bound = Number(model.info.get('mip_dual_bound'));
        return { status: 'limit', objective, bound, values: Float64Array.from(solution.colValue) };
      }
      throw new Error(`HiGHS ended with model status ${status} on a ${this.cost.length}×${this.rowLower.length} model`);
    } finally {
      model.dispose();
    }
  }
}
