/**
 * A quantile from cumulative histogram buckets (`le` upper bounds), interpolating linearly inside
 * the bucket the rank falls in, as Prometheus's histogram_quantile does. Null without observations.
 */
export function histogramQuantile(q: number, buckets: { le: number; count: number }[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const { le, count } of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return previousLe;
      if (count === previousCount) return le;
      return previousLe + ((le - previousLe) * (rank - previousCount)) / (count - previousCount);
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}
