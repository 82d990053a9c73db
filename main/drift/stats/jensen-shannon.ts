/**
 * Jensen–Shannon distance (the square root of the divergence, natural logarithms) between two
 * count vectors over the same categories, as scipy's `spatial.distance.jensenshannon`.
 */
export function jensenShannon(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let totalR = 0;
  let totalC = 0;
  for (let i = 0; i < reference.length; i++) {
    totalR += reference[i]!;
    totalC += current[i]!;
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i]! / totalR;
    const q = current[i]! / totalC;
    const m = (p + q) / 2;
    if (p > 0) left += p * Math.log(p / m);
    if (q > 0) right += q * Math.log(q / m);
  }
  return Math.sqrt(Math.max(0, (left + right) / 2));
}
