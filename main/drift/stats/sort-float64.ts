/**
 * Sorts finite doubles ascending. Large arrays use an LSD radix sort on the IEEE-754 bit patterns,
 * flipped so that unsigned order is numeric order (negatives: every bit; positives: the sign bit),
 * 16 bits per pass read through a Uint16Array view, skipping passes in which every key has the same
 * digit. Small arrays use the built-in sort.
 */
const radixThreshold = 4096;

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < radixThreshold) return values.sort();
  let keys = new Uint32Array(2 * n);
  let spare = new Uint32Array(2 * n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = bits[i + 1]!;
    const negative = hi >>> 31;
    const flip = negative ? 0xffffffff : 0;
    keys[i] = (bits[i]! ^ flip) >>> 0;
    keys[i + 1] = (hi ^ (negative ? 0xffffffff : 0x80000000)) >>> 0;
  }
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const digits = new Uint16Array(keys.buffer);
    counts.fill(0);
    for (let i = pass; i < 4 * n; i += 4) counts[digits[i]!]!++;
    if (counts[digits[pass]!] === n) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = 2 * counts[digits[4 * i + pass]!]!++;
      spare[at] = keys[2 * i]!;
      spare[at + 1] = keys[2 * i + 1]!;
    }
    [keys, spare] = [spare, keys];
  }
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = keys[i + 1]!;
    const wasNegative = hi >>> 31 ? 0 : 1;
    bits[i] = (keys[i]! ^ (wasNegative ? 0xffffffff : 0)) >>> 0;
    bits[i + 1] = (hi ^ (wasNegative ? 0xffffffff : 0x80000000)) >>> 0;
  }
  return values;
}
