import { upperRegularizedGamma } from './incomplete-gamma';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * Chi-squared test of homogeneity on the 2 × k table of category counts, equal to scipy's
 * `chi2_contingency([reference, current], correction=False)`. Every category must be seen on at
 * least one side (the union of both sides' categories guarantees it).
 */
export function chiSquareHomogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  const k = reference.length;
  const dof = k - 1;
  if (dof <= 0) return { statistic: 0, pValue: 1, dof: 0 };
  let totalR = 0;
  let totalC = 0;
  for (let i = 0; i < k; i++) {
    totalR += reference[i]!;
    totalC += current[i]!;
  }
  const total = totalR + totalC;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const column = reference[i]! + current[i]!;
    const expectedR = (totalR * column) / total;
    const expectedC = (totalC * column) / total;
    statistic += (reference[i]! - expectedR) ** 2 / expectedR + (current[i]! - expectedC) ** 2 / expectedC;
  }
  return { statistic, pValue: upperRegularizedGamma(dof / 2, statistic / 2), dof };
}
