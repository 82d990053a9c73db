/** |actual − expected| within 1e-9 relative or 1e-12 absolute: the tolerance the drift issue sets against scipy. */
export function closeToReference(actual: number, expected: number, relative = 1e-9, absolute = 1e-12): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  const diff = Math.abs(actual - expected);
  return diff <= absolute || diff <= relative * Math.abs(expected);
}

/** The smallest positive normal double: below it a double loses precision bit by bit. */
export const smallestNormal = 2.2250738585072014e-308;

/**
 * For probabilities, which matter in the far tail: within `relative` of the expected value down to
 * `relativeDownTo`; below it (where the reference itself may be subnormal or 0) within `absolute`.
 */
export function closeProbability(
  actual: number,
  expected: number,
  { relative = 1e-9, relativeDownTo = smallestNormal, absolute = smallestNormal } = {},
): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  const diff = Math.abs(actual - expected);
  if (expected >= relativeDownTo) return diff <= relative * expected;
  return diff <= absolute;
}
