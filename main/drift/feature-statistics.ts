import type { Distribution } from '../../shared/drift';
import { chiSquareHomogeneity, type ChiSquareResult } from './stats/chi-square';
import { jensenShannon } from './stats/jensen-shannon';
import { ksTwoSample, type KsResult } from './stats/ks-two-sample';
import { populationStd } from './stats/population-std';
import { psiFromCounts, psiNumerical } from './stats/psi';
import { sortedPresent } from './stats/sort-float64';
import { ecdfDistances } from './stats/ecdf-distances';
import { normedWasserstein } from './stats/wasserstein';
import type { CategoricalTask, FeatureTask, TimeRange } from './feature-task';

/** The numbers behind one comparison; levels and wording are decided from these in detect.ts. */
export interface Comparison {
  referenceCount: number;
  currentCount: number;
  ks?: KsResult;
  wasserstein?: { distance: number; normed: number };
  chiSquare?: ChiSquareResult;
  jensenShannon?: number;
  psi: number | null;
  pValue: number | null;
  /** Normed Wasserstein or Jensen–Shannon: the size of the change. */
  effect: number | null;
}

export interface FeatureStatistics extends Comparison {
  name: string;
  kind: FeatureTask['kind'];
  missing: { reference: number; current: number };
  distribution: Distribution | null;
  chunks: Comparison[];
}

const histogramBins = 30;
const shownCategories = 20;

/** Sorts each side once and derives every statistic from the sorted arrays. */
export function featureStatistics(task: FeatureTask): FeatureStatistics {
  const reference = rowsIn(task.reference, task.referenceTimes, task.referenceWindow);
  const current = rowsIn(task.current, task.currentTimes, task.detectionWindow);
  const chunkRows = (task.chunks ?? []).map((chunk) => rowsIn(task.current, task.currentTimes, chunk));
  if (task.kind === 'numerical') {
    const ref = reference === task.reference && task.referenceSorted ? task.referenceSorted : sortedPresent(reference as Float64Array);
    const cur = current === task.current && task.currentSorted ? task.currentSorted : sortedPresent(current as Float64Array);
    const std = ref.length ? populationStd(ref) : NaN;
    return {
      name: task.name,
      kind: task.kind,
      ...compareNumerical(ref, cur, std),
      missing: { reference: missingShare(reference.length, ref.length), current: missingShare(current.length, cur.length) },
      distribution: histogram(ref, cur),
      chunks: chunkRows.map((rows) => compareNumerical(ref, sortedPresent(rows as Float64Array), std)),
    };
  }
  const categories = (task as CategoricalTask).categories;
  const refCounts = countCodes(reference as Int32Array, categories.length);
  const curCounts = countCodes(current as Int32Array, categories.length);
  return {
    name: task.name,
    kind: task.kind,
    ...compareCategorical(refCounts, curCounts),
    missing: {
      reference: missingShare(reference.length, refCounts.total),
      current: missingShare(current.length, curCounts.total),
    },
    distribution: topCategories(categories, refCounts.counts, curCounts.counts),
    chunks: chunkRows.map((rows) => compareCategorical(refCounts, countCodes(rows as Int32Array, categories.length))),
  };
}

function compareNumerical(ref: Float64Array, cur: Float64Array, referenceStd: number): Comparison {
  if (ref.length === 0 || cur.length === 0) return empty(ref.length, cur.length);
  const distances = ecdfDistances(ref, cur);
  const ks = ksTwoSample(ref, cur, distances);
  const distance = distances.area;
  const normed = normedWasserstein(distance, referenceStd);
  return {
    referenceCount: ref.length,
    currentCount: cur.length,
    ks,
    wasserstein: { distance, normed },
    psi: psiNumerical(ref, cur),
    pValue: ks.pValue,
    effect: normed,
  };
}

interface Counts {
  counts: Float64Array;
  total: number;
}

function compareCategorical(ref: Counts, cur: Counts): Comparison {
  if (ref.total === 0 || cur.total === 0) return empty(ref.total, cur.total);
  // Only categories seen on either side are bins: the union of both sides.
  const seen: number[] = [];
  for (let k = 0; k < ref.counts.length; k++) if (ref.counts[k]! + cur.counts[k]! > 0) seen.push(k);
  const r = seen.map((k) => ref.counts[k]!);
  const c = seen.map((k) => cur.counts[k]!);
  const chiSquare = chiSquareHomogeneity(r, c);
  const js = jensenShannon(r, c);
  return {
    referenceCount: ref.total,
    currentCount: cur.total,
    chiSquare,
    jensenShannon: js,
    psi: psiFromCounts(r, c),
    pValue: chiSquare.pValue,
    effect: js,
  };
}

function empty(referenceCount: number, currentCount: number): Comparison {
  return { referenceCount, currentCount, psi: null, pValue: null, effect: null };
}

function rowsIn<T extends Float64Array | Int32Array>(values: T, times: Float64Array | undefined, range: TimeRange | null | undefined): T {
  if (!times || !range) return values;
  const keep: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = times[i]!;
    if (t >= range.start && t < range.end) keep.push(i);
  }
  const out = new (values.constructor as { new (n: number): T })(keep.length);
  keep.forEach((row, i) => (out[i] = values[row]!));
  return out;
}

function countCodes(codes: Int32Array, size: number): Counts {
  const counts = new Float64Array(size);
  let total = 0;
  for (const code of codes) {
    if (code >= 0) {
      counts[code]!++;
      total++;
    }
  }
  return { counts, total };
}

function missingShare(rows: number, present: number): number {
  return rows === 0 ? 0 : (rows - present) / rows;
}

function histogram(ref: Float64Array, cur: Float64Array): Distribution | null {
  if (ref.length === 0 && cur.length === 0) return null;
  const lo = Math.min(ref[0] ?? Infinity, cur[0] ?? Infinity);
  const hi = Math.max(ref[ref.length - 1] ?? -Infinity, cur[cur.length - 1] ?? -Infinity);
  const bins = lo === hi ? 1 : histogramBins;
  const width = (hi - lo) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  // The arrays are sorted: each bin's count is a difference of two binary searches.
  const shares = (sorted: Float64Array) => {
    const out: number[] = [];
    let below = 0;
    for (let k = 1; k <= bins; k++) {
      const upTo = k === bins ? sorted.length : lowerBound(sorted, edges[k]!);
      out.push(sorted.length ? (upTo - below) / sorted.length : 0);
      below = upTo;
    }
    return out;
  };
  return { kind: 'histogram', edges, reference: shares(ref), current: shares(cur) };
}

/** The number of values < x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function topCategories(categories: string[], ref: Float64Array, cur: Float64Array): Distribution {
  const totalR = ref.reduce((a, b) => a + b, 0) || 1;
  const totalC = cur.reduce((a, b) => a + b, 0) || 1;
  const order = categories
    .map((_, k) => k)
    .filter((k) => ref[k]! + cur[k]! > 0)
    .sort((a, b) => ref[b]! / totalR + cur[b]! / totalC - (ref[a]! / totalR + cur[a]! / totalC))
    .slice(0, shownCategories);
  return {
    kind: 'categories',
    categories: order.map((k) => categories[k]!),
    reference: order.map((k) => ref[k]! / totalR),
    current: order.map((k) => cur[k]! / totalC),
  };
}
