/**
 * Sorts doubles ascending, NaN left out, in the same order as the built-in sort (−0 before 0).
 *
 * Each value's IEEE-754 bit pattern is flipped so that unsigned order is numeric order (negatives:
 * every bit; positives: the sign bit). An LSD radix sort over the high 32 bits only (sign, exponent
 * and 20 mantissa bits; two passes of 16 bits for large arrays, three of 11, 11 and 10 bits below
 * 65 536 values, where 65 536 buckets would cost more than a pass; a pass is skipped when every key
 * has the same digit) leaves runs of values that share their high word; each run is then ordered
 * by its low word. Real columns rarely share 20 mantissa bits, so the runs are short and half the
 * passes of a full 64-bit sort are saved. Runs of up to 64 values are insertion-sorted (runs of 64
 * that arrive reversed, the worst case, took as long as the built-in sort); a longer one (a narrow
 * range far from zero) gets its own radix sort on the low word.
 *
 * The passes run in WebAssembly (radix-sort.wat): the same loops written in JavaScript took 1.4 to
 * 3.4 times as long (2 000 to 1 000 000 values, eight kinds of data), copies in and out of the
 * module's memory included.
 */
import { radixSortModule } from './radix-sort-module';

/** Below this many values the built-in sort is faster than the copies and the passes. */
const radixThreshold = 512;
/** The module's memory holds its tables in the first MiB, then the values and as many again of scratch. */
const valuesAt = 1 << 20;
const pageBytes = 65_536;
/** A wasm32 memory ends at 4 GiB; longer columns (over 268 million values) take the built-in sort, as
 * does every column where WebAssembly cannot have the memory. */
const mostValues = Math.floor((2 ** 32 - valuesAt) / 16);
/**
 * A memory grown past this (columns over about 200 000 values) is let go once no sort has come for
 * `idleMs`: kept that long, it serves a feature's second column, and the other features' that follow.
 */
const idleMemoryBytes = 4 * 2 ** 20;
const idleMs = 1000;

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
/**
 * Set when the first instance could not be made: V8 reserves about 10 GiB of address space for a
 * memory, more than a `ulimit -v` may allow. A later failure (address space taken for a while) costs
 * that one sort only.
 */
let unavailable = false;
let instantiated = false;
let idleTimer: NodeJS.Timeout | undefined;

/** The module with room for `size` values, or null where WebAssembly cannot have that memory. */
function radixSortFor(size: number): RadixSort | null {
  if (unavailable) return null;
  try {
    compiled ??= new Module(Buffer.from(radixSortModule, 'base64'));
    instance ??= new Instance(compiled, {}).exports as RadixSort;
    instantiated = true;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    unavailable = !instantiated;
    return null;
  }
  const needed = valuesAt + 16 * size;
  const have = instance.memory.buffer.byteLength;
  try {
    if (have < needed) instance.memory.grow(Math.ceil((needed - have) / pageBytes));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error; // too large for now: the built-in sort takes this column, the memory stays for the next
    return null;
  }
  return instance;
}

/** Lets a large memory go once no sort has come for a while. */
function releaseLater(module: RadixSort): void {
  clearTimeout(idleTimer);
  if (module.memory.buffer.byteLength > idleMemoryBytes) idleTimer = setTimeout(() => (instance = null), idleMs).unref();
}

/**
 * The values that are not NaN, ascending, in a new array (in shared memory with `shared`, to be
 * handed to another thread without a copy); `values` is left as it is.
 */
export function sortedPresent(values: Float64Array, shared = false): Float64Array {
  const size = values.length;
  const module = size >= radixThreshold && size <= mostValues ? radixSortFor(size) : null;
  if (!module) return builtInSorted(values, shared);
  new Float64Array(module.memory.buffer, valuesAt, size).set(values);
  const n = module.sort(valuesAt, valuesAt + 8 * size, size);
  const out = new Float64Array(shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
  out.set(new Float64Array(module.memory.buffer, valuesAt, n));
  releaseLater(module);
  return out;
}

function builtInSorted(values: Float64Array, shared: boolean): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++; // NaN is the only value not equal to itself
  const out = new Float64Array(shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
  if (n === values.length) out.set(values);
  else for (let i = 0, k = 0; i < values.length; i++) if (values[i] === values[i]) out[k++] = values[i]!;
  return out.sort();
}
