import type { Config } from '../../shared/config';
import { levelRank, type DriftLevel, type DriftOptions, type DriftReport, type FeatureResult } from '../../shared/drift';
import type { WorkerPool } from '../workers/worker-pool';
import type { DriftJob } from './drift-worker';
import type { Comparison, FeatureStatistics } from './feature-statistics';
import type { FeatureTask } from './feature-task';
import { typeFeatures } from './feature-typing';
import { driftLevel } from './levels';
import { asDatasetError, loadInWorker, type DatasetFile } from './load-in-worker';
import { DatasetError, type Table } from './load/table';
import { datasetRecommendation, featureRecommendation } from './recommendations';
import { benjaminiHochberg } from './stats/benjamini-hochberg';
import { planWindows, type WindowPlan } from './windows';

export interface DetectInput {
  reference: DatasetFile;
  current: DatasetFile;
  options: DriftOptions;
  thresholds: Config['drift'];
  pool: WorkerPool;
  onProgress?: (progress: { phase: 'loading' | 'testing'; done: number; total: number; feature?: string }) => void;
  loadTable?: (file: DatasetFile) => Promise<Table>;
}

/** Compares two datasets feature by feature, in worker threads, and gives the verdict. */
export async function detectDrift(input: DetectInput): Promise<DriftReport> {
  const started = Date.now();
  const { thresholds, options, pool } = input;
  const load = input.loadTable ?? ((file: DatasetFile) => loadInWorker(pool, file, options.read));
  input.onProgress?.({ phase: 'loading', done: 0, total: 2 });
  // One file split by time (--timestamp with a single dataset) is read once and serves both sides.
  const loadingReference = load(input.reference);
  const loadingCurrent = sameFile(input.reference, input.current) ? loadingReference : load(input.current);
  // Without windows a feature's rows are its whole columns: they can be sorted before pairing.
  const presorted = options.timestamp || loadingCurrent === loadingReference ? null : presortWhileLoading(pool, loadingReference, loadingCurrent, options.categorical ?? []);
  const [reference, current] = await Promise.all([loadingReference, loadingCurrent]);

  const typed = typeFeatures(reference, current, options);
  let plan: WindowPlan | null = null;
  if (typed.currentTimes) {
    plan = planWindows(typed.currentTimes, typed.referenceTimes, {
      referenceDays: options.referenceDays ?? thresholds.referenceDays,
      detectionDays: options.detectionDays ?? thresholds.detectionDays,
      chunkHours: options.chunkHours ?? thresholds.chunkHours,
    });
    if (!plan.referenceWindow && input.reference.path === input.current.path) {
      throw new DatasetError(`${current.source} has no rows in the ${options.referenceDays ?? thresholds.referenceDays} days before its detection window, so there is no reference to compare with`);
    }
  }

  const total = typed.features.length;
  let done = 0;
  input.onProgress?.({ phase: 'testing', done, total });
  const testing = typed.features.map(async (feature) => {
    let task: FeatureTask = plan
      ? {
          ...feature,
          referenceTimes: plan.referenceWindow ? typed.referenceTimes : undefined,
          currentTimes: typed.currentTimes,
          referenceWindow: plan.referenceWindow,
          detectionWindow: plan.detectionWindow,
          chunks: plan.chunks,
        }
      : feature;
    if (task.kind === 'numerical' && presorted) {
      const [referenceSorted, currentSorted] = await Promise.all([presorted.get(task.reference), presorted.get(task.current)]);
      task = { ...task, ...(referenceSorted && { referenceSorted }), ...(currentSorted && { currentSorted }) };
    }
    let result: FeatureStatistics;
    try {
      result = await pool.run<FeatureStatistics>({ type: 'feature', task } satisfies DriftJob);
    } catch (error) {
      throw asDatasetError(error);
    }
    input.onProgress?.({ phase: 'testing', done: ++done, total, feature: feature.name });
    return result;
  });
  // Each feature took its sorts before its first await; those of columns that are no feature can go now.
  presorted?.clear();
  const statistics = await Promise.all(testing);

  const features = toFeatureResults(statistics, thresholds);
  return {
    id: null,
    createdAt: started,
    durationMs: Date.now() - started,
    reference: datasetInput(reference),
    current: datasetInput(current),
    timestamp: plan ? { column: options.timestamp!, referenceWindow: plan.referenceWindow, detectionWindow: plan.detectionWindow } : null,
    features,
    dataset: verdict(features, thresholds),
    windows: plan
      ? plan.chunks.map((chunk, i) => ({
          ...chunk,
          rows: countIn(typed.currentTimes!, chunk),
          features: statistics.map((s) => ({
            name: s.name,
            level: driftLevel(s.chunks[i]!, thresholds),
            psi: s.chunks[i]!.psi,
            pValue: s.chunks[i]!.pValue,
            currentCount: s.chunks[i]!.currentCount,
          })),
        }))
      : [],
    skipped: typed.skipped,
    thresholds: {
      minSamples: thresholds.minSamples,
      pValue: thresholds.pValue,
      effect: thresholds.effect,
      psi: thresholds.psi,
      missingShareChange: thresholds.missingShareChange,
      datasetDriftShare: thresholds.datasetDriftShare,
    },
  };
}

function datasetInput(table: Table): DriftReport['reference'] {
  return { name: table.source, rows: table.rows, ...(table.sha256 && { sha256: table.sha256 }), ...(table.format && { format: table.format }) };
}

function toFeatureResults(statistics: FeatureStatistics[], thresholds: Config['drift']): FeatureResult[] {
  const adjusted = benjaminiHochberg(statistics.map((s) => s.pValue ?? NaN));
  return statistics.map((s, i) => {
    const level = driftLevel(s, thresholds);
    return {
      name: s.name,
      kind: s.kind,
      referenceCount: s.referenceCount,
      currentCount: s.currentCount,
      missing: s.missing,
      ...(s.ks && { ks: s.ks }),
      ...(s.wasserstein && { wasserstein: s.wasserstein }),
      ...(s.chiSquare && { chiSquare: s.chiSquare }),
      ...(s.jensenShannon !== undefined && { jensenShannon: s.jensenShannon }),
      psi: s.psi,
      pValue: s.pValue,
      pValueAdjusted: Number.isNaN(adjusted[i]!) ? null : adjusted[i]!,
      level,
      recommendation: featureRecommendation({ ...s, level, minSamples: thresholds.minSamples }),
      findings: findings(s, thresholds),
      distribution: s.distribution,
    };
  });
}

function findings(s: Comparison & { missing: { reference: number; current: number }; name: string }, thresholds: Config['drift']): string[] {
  const change = s.missing.current - s.missing.reference;
  if (Math.abs(change) <= thresholds.missingShareChange) return [];
  const pct = (share: number) => `${(100 * share).toFixed(1)} %`;
  return [
    `Missing values ${change > 0 ? 'rose' : 'fell'} from ${pct(s.missing.reference)} to ${pct(s.missing.current)} of rows: check what stopped (or started) filling "${s.name}".`,
  ];
}

function verdict(features: FeatureResult[], thresholds: Config['drift']): DriftReport['dataset'] {
  const tested = features.filter((f) => f.level !== 'INSUFFICIENT_DATA');
  const drifted = tested.filter((f) => levelRank[f.level] >= levelRank.MILD_DRIFT);
  const level: DriftLevel = tested.length
    ? tested.reduce<DriftLevel>((worst, f) => (levelRank[f.level] > levelRank[worst] ? f.level : worst), 'NO_DRIFT')
    : 'INSUFFICIENT_DATA';
  const share = tested.length ? drifted.length / tested.length : 0;
  const isDrifted = tested.length > 0 && share >= thresholds.datasetDriftShare;
  const worst = tested.reduce<FeatureResult | null>(
    (w, f) => (w === null || levelRank[f.level] > levelRank[w.level] || (f.level === w.level && (f.pValue ?? 1) < (w.pValue ?? 1)) ? f : w),
    null,
  );
  return {
    featureCount: features.length,
    driftedCount: drifted.length,
    driftedShare: share,
    drifted: isDrifted,
    level,
    recommendation: datasetRecommendation(level, isDrifted, drifted.length, tested.length),
    testedCount: tested.length,
    driftShareRule: thresholds.datasetDriftShare,
    worstFeature: worst && { name: worst.name, level: worst.level },
  };
}

/** Sorted copies made while a file loads take at most this much memory (256 MiB) beside the tables. */
const presortBytes = 1 << 28;

/**
 * While one file is still loading, the workers it leaves idle sort the other file's numeric columns,
 * one column at a time each, the larger part of a numerical feature's work, instead of waiting for
 * both files; the sorting stops when the second file is in, before the copies pass `budgetBytes`,
 * or when other jobs wait for the pool (it serves other runs and watch checks too): a sort starts
 * only when nothing else waits. Columns that turn out not to be features (identifiers, few values)
 * cost a sort of time that would have been idle. Returns each column's sort (null if it failed: the
 * feature then sorts its values itself), keyed by its values. With a single worker nothing is
 * sorted: none is idle.
 */
export function presortWhileLoading(
  pool: WorkerPool,
  first: Promise<Table>,
  second: Promise<Table>,
  categorical: readonly string[],
  budgetBytes = presortBytes,
): Map<Float64Array, Promise<Float64Array | null>> {
  const sorts = new Map<Float64Array, Promise<Float64Array | null>>();
  const lanes = pool.capacity - 1;
  let loaded = 0;
  let bytes = 0;
  const sortWhileTheOtherLoads = async (table: Table) => {
    if (++loaded === 2) return;
    // A turn first: when both loads had finished already, the other one counts before any sort starts.
    await null;
    const columns = table.columns.flatMap((c) => (c.kind === 'numeric' && !categorical.includes(c.name) ? [c.values] : []));
    let next = 0;
    const lane = async () => {
      while (loaded < 2 && pool.waiting === 0 && next < columns.length && bytes + columns[next]!.byteLength <= budgetBytes) {
        const values = columns[next++]!;
        bytes += values.byteLength;
        const sorted = pool.run<Float64Array>({ type: 'sort', values } satisfies DriftJob).catch(() => null);
        sorts.set(values, sorted);
        await sorted;
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  };
  for (const loading of [first, second]) {
    loading.then(sortWhileTheOtherLoads, () => loaded++).catch(() => {});
  }
  return sorts;
}

function sameFile(a: DatasetFile, b: DatasetFile): boolean {
  return a === b || (a.path === b.path && a.name === b.name && !a.parts && !b.parts && !!a.noFollow === !!b.noFollow);
}

function countIn(times: Float64Array, range: { start: number; end: number }): number {
  let n = 0;
  for (const t of times) if (t >= range.start && t < range.end) n++;
  return n;
}

