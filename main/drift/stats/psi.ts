/**
 * Population Stability Index, by this project's convention (README, "Drift statistics"):
 * numerical features use 10 bins whose edges are the reference's 10 %…90 % quantiles, a value
 * falling in the bin numbered by how many edges lie strictly below it (so the outer bins are
 * open-ended); categorical features use one bin per category of either side. Shares are floored at
 * 1e-4 so an empty bin does not make the index infinite, and PSI = Σ (c − r)·ln(c / r).
 */
import { quantile } from './quantile';

export const psiShareFloor = 1e-4;

export function decileEdges(referenceSorted: Float64Array): Float64Array {
  const edges = new Float64Array(9);
  for (let k = 1; k <= 9; k++) edges[k - 1] = quantile(referenceSorted, k / 10);
  return edges;
}

/** Counts per bin of an ascending array: bin k holds the values with exactly k edges below them. */
export function binCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let previous = 0;
  for (let k = 0; k < edges.length; k++) {
    const atOrBelow = upperBound(sorted, edges[k]!);
    counts[k] = atOrBelow - previous;
    previous = atOrBelow;
  }
  counts[edges.length] = sorted.length - previous;
  return counts;
}

export function psiNumerical(referenceSorted: Float64Array, currentSorted: Float64Array): number {
  const edges = decileEdges(referenceSorted);
  return psiFromCounts(binCounts(referenceSorted, edges), binCounts(currentSorted, edges));
}

/** PSI from two count vectors over the same bins (categorical features pass category counts). */
export function psiFromCounts(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const totalR = sumOf(reference);
  const totalC = sumOf(current);
  let psi = 0;
  for (let k = 0; k < reference.length; k++) {
    const r = Math.max(reference[k]! / totalR, psiShareFloor);
    const c = Math.max(current[k]! / totalC, psiShareFloor);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

function sumOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

/** The number of values ≤ x in an ascending array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
