/**
 * P(Dₙ ≤ x) by Pomeranz's recursion (1974): 2n+1 rows, each a convolution of the previous row
 * with one of three power series, over a window of at most 2(⌊nx⌋+1) entries. Used for n ≤ 140.
 */
const scaleBits = 128;
const big = 2 ** scaleBits;
const small = 2 ** -scaleBits;

export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);

  // (g/n)^m/m!, (2g/n)^m/m!, ((1−2g)/n)^m/m!
  const gPowers = new Float64Array(size);
  const twoGPowers = new Float64Array(size);
  const oneMinusTwoGPowers = new Float64Array(size);
  gPowers[0] = twoGPowers[0] = oneMinusTwoGPowers[0] = 1;
  for (let m = 1; m < size; m++) {
    gPowers[m] = (gPowers[m - 1]! * (g / n)) / m;
    twoGPowers[m] = (twoGPowers[m - 1]! * ((2 * g) / n)) / m;
    oneMinusTwoGPowers[m] = (oneMinusTwoGPowers[m - 1]! * ((1 - 2 * g) / n)) / m;
  }

  let previous = new Float64Array(size);
  let current = new Float64Array(size);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = window(0, n, ll, ceilF, roundF);
  for (let i = 1; i <= 2 * n + 1; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    previousStart = currentStart;
    current.fill(0);
    [j1, j2] = window(i, n, ll, ceilF, roundF);
    const powers = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 ? twoGPowers : oneMinusTwoGPowers;
    const span = j2 - k1 + 1;
    if (span > 0) {
      const offset = k1 - previousStart;
      const aLength = Math.max(0, Math.min(span, size - offset));
      const bLength = Math.min(span, size);
      const first = j1 - k1;
      const count = j2 - j1 + 1;
      for (let out = 0; out < count; out++) {
        const index = first + out; // index into the full convolution
        let acc = 0;
        for (let a = Math.max(0, index - bLength + 1); a <= Math.min(index, aLength - 1); a++) {
          acc += previous[offset + a]! * powers[index - a]!;
        }
        current[out] = acc;
      }
      let max = -Infinity;
      for (let q = 0; q < size; q++) max = Math.max(max, current[q]!);
      if (max > 0 && max < small) {
        for (let q = 0; q < size; q++) current[q]! *= big;
        exponent -= scaleBits;
      }
      currentStart = previousStart + j1 - k1;
    }
  }
  let answer = current[n - currentStart]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > big) {
      answer *= small;
      exponent += scaleBits;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, answer * 2 ** exponent));
}

/** The window [j1, j2] of row i that can hold nonzero mass. */
function window(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
