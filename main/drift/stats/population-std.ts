/** Standard deviation with ddof = 0 (numpy's default), two-pass, each pass a Neumaier compensated sum. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mean = compensatedSum(values, 0, false) / n;
  return Math.sqrt(compensatedSum(values, mean, true) / n);
}

/** Σ v, or Σ (v − mean)² when `squares`, with Neumaier's compensation: long sums of mixed magnitudes stay within a few ulps. */
function compensatedSum(values: Float64Array, mean: number, squares: boolean): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    const v = squares ? d * d : d;
    const next = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
    sum = next;
  }
  return sum + compensation;
}
