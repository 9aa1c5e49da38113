// What a benchmark reports: one figure per measured quantity, with its baseline and target when it
// has them. The runner (tests/bench/run.ts) prints them as a table and writes bench-results.json.

/** A target a figure must meet: `value <op> limit`. */
export interface Target {
  op: '<=' | '>=';
  limit: number;
  /** The target as stated in the issue, e.g. "≥ 0.6 × echo bot". */
  text: string;
}

export interface Figure {
  /** Stable name, e.g. "ingest.sqlite.throughput". */
  name: string;
  value: number;
  unit: string;
  /** For comparisons: what the value is compared with. */
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value, for comparisons. */
  ratio?: number;
  target?: Target;
  /** Whether the target holds (absent without a target). */
  holds?: boolean;
  /** How it was measured, in a few words. */
  note?: string;
}

/** A figure with `holds` worked out from its target (on the ratio when there is one, else the value). */
export function figure(input: Omit<Figure, 'holds' | 'ratio'> & { compareRatio?: boolean }): Figure {
  const { compareRatio, ...rest } = input;
  const ratio = rest.baseline && rest.baseline.value !== 0 ? rest.value / rest.baseline.value : undefined;
  const measured = compareRatio ? ratio : rest.value;
  const holds = rest.target && measured !== undefined ? (rest.target.op === '<=' ? measured <= rest.target.limit : measured >= rest.target.limit) : undefined;
  return { ...rest, ...(ratio !== undefined ? { ratio: round(ratio, 3) } : {}), value: round(rest.value, 3), ...(holds !== undefined ? { holds } : {}) };
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The p-th percentile (0–100) of the values, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Times an async function in milliseconds (high resolution). */
export async function timeMs<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** A benchmark suite: a name and a function measuring its figures. */
export interface Suite {
  name: string;
  /** One line on what it measures. */
  description: string;
  run(log: (line: string) => void): Promise<Figure[]>;
}
