import type { DatasetVerdict, DriftLevel } from './drift';

export const levelWords: Record<DriftLevel, string> = {
  NO_DRIFT: 'no drift',
  MILD_DRIFT: 'mild drift',
  MODERATE_DRIFT: 'moderate drift',
  SEVERE_DRIFT: 'severe drift',
  INSUFFICIENT_DATA: 'too few values to test',
};

const percent = (share: number) => `${Math.round(100 * share)} %`;

/**
 * The dataset verdict in one sentence: drifted or not, by the share rule. It never names a level;
 * the worst feature's level is its own sentence (`worstFeatureSentence`).
 */
export function datasetVerdictSentence(dataset: DatasetVerdict): string {
  const tested = dataset.testedCount ?? dataset.featureCount;
  if (tested === 0) return 'Dataset not judged: no feature had enough values on both sides to test.';
  const counted = `${dataset.driftedCount} of ${tested} tested features drifted (${percent(dataset.driftedShare)})`;
  const rule = dataset.driftShareRule === undefined ? '' : `; the rule is ${percent(dataset.driftShareRule)} or more`;
  return `${dataset.drifted ? 'Dataset drifted' : 'Dataset not drifted'}: ${counted}${rule}.`;
}

/** The worst feature's level in one sentence, apart from the dataset verdict. */
export function worstFeatureSentence(dataset: DatasetVerdict): string {
  const worst = dataset.worstFeature;
  if (worst === undefined) return `Worst feature level: ${levelWords[dataset.level]}.`;
  if (worst === null) return 'Worst feature: none was tested.';
  if (worst.level === 'NO_DRIFT') return 'Worst feature: none drifted.';
  return `Worst feature: "${worst.name}", ${levelWords[worst.level]}.`;
}

/** Both facts on one short line, worst feature first, for alert summaries and action output. */
export function verdictLine(dataset: DatasetVerdict): string {
  const tested = dataset.testedCount ?? dataset.featureCount;
  const worst =
    dataset.worstFeature === null
      ? 'no feature tested'
      : dataset.worstFeature
        ? `worst feature "${dataset.worstFeature.name}": ${levelWords[dataset.worstFeature.level]}`
        : `worst feature level: ${levelWords[dataset.level]}`;
  return `${worst}; dataset ${dataset.drifted ? 'drifted' : 'not drifted'} (${dataset.driftedCount} of ${tested} tested features drifted)`;
}
