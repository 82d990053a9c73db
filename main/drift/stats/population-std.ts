import { CompensatedSum } from './compensated-sum';

/** Standard deviation with ddof = 0 (numpy's default), two-pass and compensated. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sum = new CompensatedSum();
  for (const v of values) sum.add(v);
  const mean = sum.value / n;
  const squares = new CompensatedSum();
  for (const v of values) squares.add((v - mean) * (v - mean));
  return Math.sqrt(squares.value / n);
}
