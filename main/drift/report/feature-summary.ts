import type { FeatureResult } from '../../../shared/drift';

/** A p-value for people: 4 decimals, scientific below 1e-4, "≈0" when it underflowed. */
export function formatP(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '≈0';
  return value < 1e-4 ? value.toExponential(1) : value.toFixed(4);
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** The effect size behind the level: normed Wasserstein (numerical) or Jensen–Shannon (categorical). */
export function effectOf(f: FeatureResult): number | null {
  return f.kind === 'numerical' ? (f.wasserstein?.normed ?? null) : (f.jensenShannon ?? null);
}

/** Every statistic of a feature on one line. */
export function statisticsLine(f: FeatureResult): string {
  const parts: string[] = [];
  if (f.ks) parts.push(`KS ${f.ks.statistic.toFixed(4)} (p ${formatP(f.ks.pValue)}, ${f.ks.method})`);
  if (f.chiSquare) parts.push(`chi-squared ${f.chiSquare.statistic.toFixed(2)} with ${f.chiSquare.dof} dof (p ${formatP(f.chiSquare.pValue)})`);
  if (f.pValueAdjusted !== null) parts.push(`adjusted p ${formatP(f.pValueAdjusted)}`);
  if (f.wasserstein) parts.push(`Wasserstein ${formatNumber(f.wasserstein.distance, 4)} (normed ${formatNumber(f.wasserstein.normed)})`);
  if (f.jensenShannon !== undefined) parts.push(`Jensen–Shannon ${formatNumber(f.jensenShannon)}`);
  parts.push(`PSI ${formatNumber(f.psi)}`);
  parts.push(`${f.referenceCount} reference and ${f.currentCount} current values`);
  return parts.join(', ');
}
