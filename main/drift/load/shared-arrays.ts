/**
 * Column arrays in shared memory. A dataset is read in one worker thread and its features are
 * tested in others; arrays over a SharedArrayBuffer reach each thread without a copy (an ordinary
 * buffer is either copied or moved, and a column goes to one thread per feature it serves).
 * Nobody writes a column after it is built, so sharing needs no locks.
 */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/** A shared copy of the first `length` values of `values`. */
export function sharedPrefix<T extends Float64Array | Int32Array>(values: T, length: number): T {
  const out = (values instanceof Float64Array ? sharedFloat64(length) : sharedInt32(length)) as T;
  out.set(values.subarray(0, length));
  return out;
}
