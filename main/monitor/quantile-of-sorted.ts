/** The q-quantile of an ascending array, interpolating linearly between neighbours. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const index = (sorted.length - 1) * q;
  const below = Math.floor(index);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (index - below);
}
