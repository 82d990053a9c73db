/** |actual − expected| within 1e-9 relative or 1e-12 absolute: the tolerance the drift issue sets against scipy. */
export function closeToReference(actual: number, expected: number, relative = 1e-9, absolute = 1e-12): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  const diff = Math.abs(actual - expected);
  return diff <= absolute || diff <= relative * Math.abs(expected);
}
