/**
 * Sorts doubles ascending, NaN left out, in the same order as the built-in sort (−0 before 0).
 *
 * Each value's IEEE-754 bit pattern is flipped so that unsigned order is numeric order (negatives:
 * every bit; positives: the sign bit). An LSD radix sort over the high 32 bits only (sign, exponent
 * and 20 mantissa bits; two passes of 16 bits for large arrays, three of 11, 11 and 10 bits below
 * 65 536 values, where 65 536 buckets would cost more than a pass; a pass is skipped when every key
 * has the same digit) leaves runs of values that share their high word; each run is then ordered by
 * its low word. Real columns rarely share 20 mantissa bits, so the runs are short and half the passes
 * of a full 64-bit sort are saved; a long run (a narrow range far from zero) gets its own radix sort
 * on the low word, so no input is worse than a full sort.
 */
const radixThreshold = 512;
/** From this many values on, 16-bit digits (two passes); below, 11-bit digits (three). */
const wideDigitsFrom = 65_536;
/** Runs up to this long are insertion-sorted; up to `longRun` the built-in sort takes them, longer ones a radix sort on the low word. */
const shortRun = 16;
const longRun = 256;
/** Scratch kept between calls up to this many values (512 KiB); larger sorts allocate their own. */
const keptScratch = 65_536;

let kept = new Float64Array(0);
const narrowCounts = new Int32Array(3 * 2048);
/** 512 KiB, made by the first large sort rather than by every process that loads this module. */
let wideCounts: Int32Array | null = null;

/**
 * The values that are not NaN, ascending, in a new array (in shared memory with `shared`, to be
 * handed to another thread without a copy); `values` is left as it is.
 */
export function sortedPresent(values: Float64Array, shared = false): Float64Array {
  const size = values.length;
  const out = shared ? new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(size);
  if (size < radixThreshold) {
    let n = 0;
    for (let i = 0; i < size; i++) {
      const v = values[i]!;
      if (v === v) out[n++] = v; // NaN is the only value not equal to itself
    }
    return (n === size ? out : out.subarray(0, n)).sort();
  }
  // The copy and the digit counts of every pass in one read of the input.
  const digitBits = size >= wideDigitsFrom ? 16 : 11;
  const counts = digitBits === 16 ? (wideCounts ??= new Int32Array(2 * 65_536)) : narrowCounts;
  counts.fill(0);
  const n = copyCounting(values, out, counts, digitBits);
  const sorted = n === size ? out : out.subarray(0, n);
  radixByHighWord(sorted, counts, digitBits);
  return sorted;
}

// The loops are functions of their own: V8 optimises a hot loop while it runs, and a loop alone in
// its function gets the whole function optimised with it, ready for the next call, instead of
// code that stops at the first statement after the loop that has never run.

/** Copies the values that are not NaN to `out`, counting each pass's digits of their flipped high words; returns how many. */
function copyCounting(values: Float64Array, out: Float64Array, counts: Int32Array, digitBits: number): number {
  const bits = new Int32Array(values.buffer, values.byteOffset, 2 * values.length);
  const buckets = 1 << digitBits;
  const digitMask = buckets - 1;
  const three = digitBits < 16;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    out[n++] = v;
    const raw = bits[2 * i + 1]!;
    const high = raw ^ ((raw >> 31) | 0x80000000);
    counts[high & digitMask]!++;
    counts[buckets + ((high >>> digitBits) & digitMask)]!++;
    if (three) counts[2 * buckets + (high >>> (2 * digitBits))]!++;
  }
  return n;
}

/** One pass: each value of `source`, whole, to its digit's next slot in `target`. */
function scatter(source: Float64Array, sourceBits: Int32Array, target: Float64Array, counts: Int32Array, base: number, shift: number, digitMask: number): void {
  for (let i = 0; i < source.length; i++) {
    const raw = sourceBits[2 * i + 1]!;
    const slot = base + (((raw ^ ((raw >> 31) | 0x80000000)) >>> shift) & digitMask);
    const at = counts[slot]!;
    counts[slot] = at + 1;
    target[at] = source[i]!;
  }
}

/** Orders each run of values that share their high word: mostly pairs and triples, in place; long ones by orderRun. */
function orderRuns(values: Float64Array, bits: Int32Array): void {
  const n = values.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && bits[2 * i + 1] === bits[2 * start + 1]) continue;
    if (i - start > shortRun) orderRun(values, bits, start, i);
    else if (i - start > 1) insertionSort(values, start, i);
    start = i;
  }
}

/** Orders `values` given the digit counts of their flipped high words, then their runs of equal high words. */
function radixByHighWord(values: Float64Array, counts: Int32Array, digitBits: number): void {
  const n = values.length;
  const buckets = 1 << digitBits;
  const digitMask = buckets - 1;
  const passes = Math.ceil(32 / digitBits);
  const bits = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  // Values move between the array and a scratch one, whole (a double per move), ordered by the
  // flipped high word's digit; an odd number of passes leaves them in the scratch, copied back.
  let source = values;
  let sourceBits = bits;
  let target = scratch(n);
  let targetBits = new Int32Array(target.buffer, target.byteOffset, 2 * n);
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * buckets;
    if (!toOffsets(counts, base, buckets, n)) continue;
    scatter(source, sourceBits, target, counts, base, pass * digitBits, digitMask);
    [source, target] = [target, source];
    [sourceBits, targetBits] = [targetBits, sourceBits];
  }
  if (source !== values) values.set(source);
  orderRuns(values, bits);
}

function insertionSort(values: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= from && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

function scratch(n: number): Float64Array {
  if (n > keptScratch) return new Float64Array(n);
  if (kept.length < n) kept = new Float64Array(keptScratch);
  return kept.subarray(0, n);
}

/** Turns one digit's counts into starting offsets; false when every key has that digit (the pass changes nothing). */
function toOffsets(table: Int32Array, base: number, size: number, n: number): boolean {
  let sum = 0;
  for (let b = base; b < base + size; b++) {
    const c = table[b]!;
    if (c === n) return false;
    table[b] = sum;
    sum += c;
  }
  return true;
}

/** Orders values[from, to), which share their high word (so their sign), by the low word. */
function orderRun(values: Float64Array, bits: Int32Array, from: number, to: number): void {
  let ordered = true;
  for (let i = from + 1; i < to && ordered; i++) ordered = values[i - 1]! <= values[i]!;
  if (ordered) return;
  if (to - from <= longRun) {
    values.subarray(from, to).sort();
    return;
  }
  const m = to - from;
  let low = new Uint32Array(m);
  let spare = new Uint32Array(m);
  for (let i = 0; i < m; i++) low[i] = bits[2 * (from + i)]!;
  const table = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    table.fill(0);
    for (let i = 0; i < m; i++) table[(low[i]! >>> shift) & 2047]!++;
    if (!toOffsets(table, 0, 2048, m)) continue;
    for (let i = 0; i < m; i++) {
      const slot = (low[i]! >>> shift) & 2047;
      spare[table[slot]!++] = low[i]!;
    }
    [low, spare] = [spare, low];
  }
  // A larger low word is a larger magnitude: further from zero, so smaller when negative.
  const negative = bits[2 * from + 1]! < 0; // the sign bit (−0 included)
  for (let i = 0; i < m; i++) bits[2 * (from + i)] = low[negative ? m - 1 - i : i]! | 0;
}
