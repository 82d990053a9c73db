import type { Config } from '../../shared/config';
import type { DriftLevel } from '../../shared/drift';

type Thresholds = Config['drift'];
const order: DriftLevel[] = ['NO_DRIFT', 'MILD_DRIFT', 'MODERATE_DRIFT', 'SEVERE_DRIFT'];

/**
 * A level needs both significance and size: the p-value says the change is real, the effect
 * (normed Wasserstein or Jensen–Shannon, or PSI) says it matters. The level is the lower of the two,
 * so thousands of rows cannot make a negligible shift look severe.
 */
export function driftLevel(
  comparison: { referenceCount: number; currentCount: number; pValue: number | null; effect: number | null; psi: number | null },
  thresholds: Thresholds,
): DriftLevel {
  const { referenceCount, currentCount, pValue, effect, psi } = comparison;
  if (referenceCount < thresholds.minSamples || currentCount < thresholds.minSamples || pValue === null) return 'INSUFFICIENT_DATA';
  const significance = pValue < thresholds.pValue.severe ? 3 : pValue < thresholds.pValue.moderate ? 2 : pValue < thresholds.pValue.mild ? 1 : 0;
  const bySize = (value: number | null, t: { mild: number; moderate: number; severe: number }) =>
    value === null ? 0 : value >= t.severe ? 3 : value >= t.moderate ? 2 : value >= t.mild ? 1 : 0;
  const size = Math.max(bySize(effect, thresholds.effect), bySize(psi, thresholds.psi));
  return order[Math.min(significance, size)]!;
}
