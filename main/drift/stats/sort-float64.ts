/**
 * Sorts doubles ascending, NaN left out, in the same order as the built-in sort (−0 before 0).
 *
 * Each value's IEEE-754 bit pattern is flipped so that unsigned order is numeric order (negatives:
 * every bit; positives: the sign bit). An LSD radix sort over the high 32 bits only (sign, exponent
 * and 20 mantissa bits; two passes of 16 bits for large arrays, three of 11 bits below 65 536
 * values, where 65 536 buckets would cost more than a pass; a pass is skipped when every key has the
 * same digit) leaves runs of values that share their high word; each run is then ordered by its low
 * word. Real columns rarely share 20 mantissa bits, so the runs are short and half the passes of a
 * full 64-bit sort are saved; a long run (a narrow range far from zero) gets its own radix sort on
 * the low word, so no input is worse than a full sort.
 *
 * The passes run in WebAssembly (radix-sort.wat): the same loops written in JavaScript took 1.4 to
 * 3 times as long (500 to 1 000 000 values, nine kinds of data), copies in and out of the module's
 * memory included.
 */
import { radixSortModule } from './radix-sort-module';

/** Below this many values the built-in sort is faster than the copies and the passes. */
const radixThreshold = 512;
/** The module's memory holds its tables in the first MiB, then the values and as many again of scratch. */
const valuesAt = 1 << 20;
const pageBytes = 65_536;
/** A wasm32 memory ends at 4 GiB; longer columns (over 268 million values) take the built-in sort. */
const mostValues = Math.floor((2 ** 32 - valuesAt) / 16);
/** A memory grown past this (columns over about 4 million values) is let go after the sort instead of kept for the next. */
const keptMemoryBytes = 64 * 2 ** 20;

interface RadixSort {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  /** Sorts n values at byte offset `data`, with n more of scratch at `scratch`; returns how many are not NaN. */
  sort(data: number, scratch: number, n: number): number;
}

/** The part of the WebAssembly API used here (TypeScript declares it only with the DOM's types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let compiled: object | null = null;
let instance: RadixSort | null = null;

function radixSort(): RadixSort {
  compiled ??= new Module(Buffer.from(radixSortModule, 'base64'));
  instance ??= new Instance(compiled, {}).exports as RadixSort;
  return instance;
}

/**
 * The values that are not NaN, ascending, in a new array (in shared memory with `shared`, to be
 * handed to another thread without a copy); `values` is left as it is.
 */
export function sortedPresent(values: Float64Array, shared = false): Float64Array {
  const size = values.length;
  if (size < radixThreshold || size > mostValues) {
    const present = values.filter((v) => v === v); // NaN is the only value not equal to itself
    const out = shared ? new Float64Array(new SharedArrayBuffer(present.byteLength)) : present;
    if (shared) out.set(present);
    return out.sort();
  }
  const module = radixSort();
  const needed = valuesAt + 16 * size;
  const have = module.memory.buffer.byteLength;
  if (have < needed) module.memory.grow(Math.ceil((needed - have) / pageBytes));
  new Float64Array(module.memory.buffer, valuesAt, size).set(values);
  const n = module.sort(valuesAt, valuesAt + 8 * size, size);
  const out = new Float64Array(shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
  out.set(new Float64Array(module.memory.buffer, valuesAt, n));
  if (module.memory.buffer.byteLength > keptMemoryBytes) instance = null;
  return out;
}
