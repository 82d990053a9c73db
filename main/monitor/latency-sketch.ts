/**
 * Every quantile a sketch answers is within this relative error of the true value at that rank
 * (for latencies from `minIndexableMs` up to `maxIndexableMs`). Stated as 1 %; the bins are cut
 * a little finer so that floating-point rounding at a bin edge cannot take an answer past it.
 */
export const sketchRelativeError = 0.01;
const binAccuracy = 0.0099;
const gamma = (1 + binAccuracy) / (1 - binAccuracy);
const logGamma = Math.log(gamma);

/** Latencies below one microsecond count as 0 (an absolute error under 1 µs). */
export const minIndexableMs = 1e-3;
/** The ingest schema's ceiling (an hour); anything above lands in the top bin. */
export const maxIndexableMs = 3.6e6;

const keyOf = (ms: number) => Math.ceil(Math.log(ms) / logGamma);
const minKey = keyOf(minIndexableMs);
const maxKey = keyOf(maxIndexableMs);
/** The bin's value with the smallest relative error to anything in (gamma^(k-1), gamma^k]. */
const valueOf = (key: number) => (2 * gamma ** key) / (gamma + 1);

/**
 * A DDSketch-style quantile sketch of latencies: logarithmic bins with relative accuracy, counts
 * only, mergeable by adding counts and (for sliding windows) subtractable. Memory is one 8-byte
 * count per bin between the smallest and largest latency seen, at most ~1 100 bins (9 KB) for
 * the whole range from 1 µs to an hour, whatever the number of latencies.
 */
export class LatencySketch {
  private counts = new Float64Array(0);
  /** The key of counts[0]. */
  private offset = 0;
  private zeros = 0;
  private total = 0;

  get count(): number {
    return this.total;
  }

  /** Bytes held by the bins. */
  get bytes(): number {
    return this.counts.byteLength;
  }

  add(ms: number, weight = 1): void {
    this.total += weight;
    if (!(ms >= minIndexableMs)) {
      this.zeros += weight;
      return;
    }
    const key = ms >= maxIndexableMs ? maxKey : Math.max(minKey, keyOf(ms));
    this.cover(key, key);
    this.counts[key - this.offset]! += weight;
  }

  /** Adds another sketch's counts to this one. */
  merge(other: LatencySketch): void {
    this.combine(other, 1);
  }

  /** Takes back counts merged earlier (a sub-window leaving a sliding window). */
  subtract(other: LatencySketch): void {
    this.combine(other, -1);
  }

  clear(): void {
    this.counts.fill(0);
    this.zeros = 0;
    this.total = 0;
  }

  /**
   * The values at ranks ⌊q·(n−1)⌋ (the lower order statistic) for each q in ascending `qs`, in
   * one pass over the bins; null when the sketch is empty.
   */
  quantiles(qs: readonly number[]): number[] | null {
    if (this.total <= 0) return null;
    const out: number[] = [];
    let cumulative = this.zeros;
    let i = 0;
    for (const q of qs) {
      const rank = Math.floor(q * (this.total - 1));
      if (cumulative > rank) {
        out.push(i === 0 ? 0 : valueOf(this.offset + i - 1));
        continue;
      }
      while (i < this.counts.length && cumulative <= rank) cumulative += this.counts[i++]!;
      out.push(valueOf(this.offset + i - 1));
    }
    return out;
  }

  private combine(other: LatencySketch, sign: 1 | -1): void {
    if (other.total === 0) return;
    this.total += sign * other.total;
    this.zeros += sign * other.zeros;
    let first = -1;
    let last = -1;
    for (let i = 0; i < other.counts.length; i++) {
      if (other.counts[i] === 0) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) return;
    this.cover(other.offset + first, other.offset + last);
    const shift = other.offset - this.offset;
    for (let i = first; i <= last; i++) this.counts[i + shift]! += sign * other.counts[i]!;
  }

  /** Grows the bins to hold keys `low..high`, with some room either side to grow less often. */
  private cover(low: number, high: number): void {
    const length = this.counts.length;
    if (length > 0 && low >= this.offset && high < this.offset + length) return;
    const slack = 16;
    const end = this.offset + length - 1;
    const from = Math.max(minKey, length === 0 ? low : low < this.offset ? low - slack : this.offset);
    const to = Math.min(maxKey, length === 0 ? high : high > end ? high + slack : end);
    const grown = new Float64Array(to - from + 1);
    if (length) grown.set(this.counts, this.offset - from);
    this.counts = grown;
    this.offset = from;
  }
}
