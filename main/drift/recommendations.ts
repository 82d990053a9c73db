import type { DriftLevel, FeatureKind } from '../../shared/drift';

interface FeatureFacts {
  name: string;
  kind: FeatureKind;
  level: DriftLevel;
  psi: number | null;
  effect: number | null;
  referenceCount: number;
  currentCount: number;
  minSamples: number;
}

const fmt = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));

/** What a data scientist should do about one feature, in words, for its level and kind. */
export function featureRecommendation(f: FeatureFacts): string {
  const size = f.kind === 'numerical' ? `normed Wasserstein ${fmt(f.effect)}, PSI ${fmt(f.psi)}` : `Jensen–Shannon ${fmt(f.effect)}, PSI ${fmt(f.psi)}`;
  const what = f.kind === 'numerical' ? 'distribution' : 'mix of categories';
  switch (f.level) {
    case 'INSUFFICIENT_DATA':
      return `Too few values to judge "${f.name}" (${f.referenceCount} reference, ${f.currentCount} current; at least ${f.minSamples} needed on each side). Collect more data or widen the window.`;
    case 'NO_DRIFT':
      return `"${f.name}" is stable (${size}). Nothing to do.`;
    case 'MILD_DRIFT':
      return `"${f.name}" shows a small but real change in its ${what} (${size}). Keep watching it; if it grows over the next runs, look at what feeds it.`;
    case 'MODERATE_DRIFT':
      return f.kind === 'numerical'
        ? `"${f.name}" has shifted clearly (${size}). Check the pipeline for changed units, sources, defaults or clipping, and measure the model on recent labelled data before relying on it.`
        : `The categories of "${f.name}" have changed clearly (${size}). Look for new, renamed or vanished categories and how the model encodes unseen ones; measure it on recent labelled data.`;
    case 'SEVERE_DRIFT':
      return `"${f.name}" has changed severely (${size}). Treat predictions that depend on it as suspect: find the cause, and retrain on recent data if the change is real.`;
  }
}

/** The verdict for the whole dataset. */
export function datasetRecommendation(level: DriftLevel, drifted: boolean, driftedCount: number, tested: number): string {
  if (level === 'INSUFFICIENT_DATA') return 'No feature had enough values on both sides to test. Collect more data.';
  if (driftedCount === 0) return `None of the ${tested} tested features drifted. The model's inputs look like its reference data.`;
  const share = `${driftedCount} of ${tested} tested features drifted`;
  if (drifted) {
    return level === 'SEVERE_DRIFT' || level === 'MODERATE_DRIFT'
      ? `${share}: the dataset as a whole has drifted. Retrain on recent data, after checking the drifted features for pipeline errors.`
      : `${share}, each only mildly: the dataset is drifting. Plan a retrain and watch the next runs.`;
  }
  return level === 'SEVERE_DRIFT' || level === 'MODERATE_DRIFT'
    ? `${share}; the dataset as a whole has not drifted, but the worst ones need a look before they affect predictions.`
    : `${share}, mildly. No action yet; keep watching.`;
}
