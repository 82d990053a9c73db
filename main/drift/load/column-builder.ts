import type { Column } from './table';
import { isMissingToken } from './table';
import { sharedFloat64, sharedInt32, sharedPrefix } from './shared-arrays';

/** How many categories, of at most how many bytes, byte mode remembers per column. */
const knownCategories = 16;
const knownLength = 64;

/** A column fills at least this share of its array to be kept as it is rather than copied to one of its size. */
const keptFill = 0.9;
/** At most this many values (128 MiB) of a table are set aside before they are read, whatever the file says or suggests. */
const upfrontValues = 1 << 24;

/** The rows to set aside in each of `columns` columns for a table expected to hold `rows`, within `upfrontValues`. */
export function upfrontRows(rows: number, columns: number): number {
  return rows > 0 ? Math.min(rows, Math.floor(upfrontValues / Math.max(1, columns))) : 0;
}

/**
 * Collects one column's values as they stream in. A column stays numeric (a growing Float64Array)
 * until a value that is neither missing nor a finite number arrives; then every value so far moves
 * to a category dictionary and the column stays categorical. Its array is in shared memory from the
 * start, so a column that (nearly) fills it is handed on without a copy.
 */
export class ColumnBuilder {
  private numbers: Float64Array;
  private codes: Int32Array | null = null;
  private dictionary: string[] = [];
  private index = new Map<string, number>();
  private length = 0;
  private missing = 0;
  // Byte mode: the bytes of the first categories met there and their codes, so a category that
  // comes again costs a comparison of a few bytes instead of a decoded string and a map lookup.
  private readonly knownBytes: Buffer[] = [];
  private readonly knownCodes: number[] = [];

  /** `decimalComma`: text numbers are written with a decimal comma ("3,5"); `expectedRows`: room to set aside. */
  constructor(
    readonly name: string,
    private readonly decimalComma = false,
    expectedRows = 0,
  ) {
    this.numbers = sharedFloat64(Math.max(1024, expectedRows));
  }

  get rows(): number {
    return this.length;
  }

  /** A value read as text (CSV). */
  addText(token: string): void {
    if (isMissingToken(token)) return this.addMissing();
    if (this.codes === null) {
      const value = parseNumber(this.decimalComma ? token.replace(',', '.') : token);
      if (value !== null) return this.pushNumber(value);
      this.becomeCategorical();
    }
    this.pushCode(this.codeOf(token.trim()));
  }

  /**
   * The bytes `data[start, end)` of an ASCII-compatible encoding, whose plain-decimal reading
   * (scanPlainDecimal) is `plain`: a numeric column takes it as it is; anything else is read as text.
   */
  addBytes(plain: number, data: Buffer, start: number, end: number, encoding: 'utf8' | 'latin1'): void {
    if (this.codes === null) {
      if (plain === plain && !this.decimalComma) return this.pushNumber(plain);
    } else {
      const code = this.knownCode(data, start, end);
      if (code >= 0) return this.pushCode(code);
    }
    this.addText(data.toString(encoding, start, end));
    // The same bytes always make the same text, so the same code: remember it (missing stays out).
    const code = this.codes === null ? -1 : this.codes[this.length - 1]!;
    if (code >= 0 && this.knownBytes.length < knownCategories && end - start <= knownLength) {
      this.knownBytes.push(Buffer.from(data.subarray(start, end)));
      this.knownCodes.push(code);
    }
  }

  private knownCode(data: Buffer, start: number, end: number): number {
    const length = end - start;
    const known = this.knownBytes;
    for (let k = 0; k < known.length; k++) {
      const bytes = known[k]!;
      if (bytes.length !== length) continue;
      let i = 0;
      while (i < length && bytes[i] === data[start + i]) i++;
      if (i === length) return this.knownCodes[k]!;
    }
    return -1;
  }

  /** A typed value (JSON Lines, Parquet): numbers stay numbers, strings and booleans are categories. */
  addValue(value: unknown): void {
    if (value === null || value === undefined) return this.addMissing();
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return this.addMissing();
      if (this.codes === null && Number.isFinite(value)) return this.pushNumber(value);
      if (this.codes === null) this.becomeCategorical();
      return this.pushCode(this.codeOf(String(value)));
    }
    if (typeof value === 'bigint') return this.addValue(Number(value));
    if (value instanceof Date) return this.addValue(value.getTime());
    const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : null;
    if (text === null) throw new TypeError(`holds ${Array.isArray(value) ? 'a list' : 'an object'}; only numbers, strings, booleans and nulls can be compared`);
    if (this.codes === null) this.becomeCategorical();
    this.pushCode(this.codeOf(text));
  }

  addMissing(): void {
    this.missing++;
    if (this.codes === null) this.pushNumber(NaN);
    else this.pushCode(-1);
  }

  build(): Column {
    if (this.codes === null) {
      return { name: this.name, kind: 'numeric', values: filled(this.numbers, this.length), missing: this.missing };
    }
    return { name: this.name, kind: 'categorical', codes: filled(this.codes, this.length), dictionary: this.dictionary, missing: this.missing };
  }

  private pushNumber(value: number): void {
    if (this.length === this.numbers.length) {
      const grown = sharedFloat64(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length++] = value;
  }

  private pushCode(code: number): void {
    let codes = this.codes!;
    if (this.length === codes.length) {
      const grown = sharedInt32(codes.length * 2);
      grown.set(codes);
      this.codes = codes = grown;
    }
    codes[this.length++] = code;
  }

  private codeOf(text: string): number {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.index.set(text, code);
    }
    return code;
  }

  private becomeCategorical(): void {
    const codes = sharedInt32(Math.max(1024, this.numbers.length));
    for (let i = 0; i < this.length; i++) {
      const value = this.numbers[i]!;
      codes[i] = Number.isNaN(value) ? -1 : this.codeOf(String(value));
    }
    this.codes = codes;
    this.numbers = new Float64Array(0);
  }
}

/** The first `length` values: the array itself, shared already, when they nearly fill it; else a shared copy of their size. */
function filled<T extends Float64Array | Int32Array>(values: T, length: number): T {
  return length >= values.length * keptFill ? (values.subarray(0, length) as T) : sharedPrefix(values, length);
}

/**
 * A finite decimal number, or null. Stricter than Number(), which also reads blank text as 0 and
 * accepts 0x, 0b and 0o prefixes; "Infinity" and "NaN" are not finite, so they are refused too.
 */
export function parseNumber(token: string): number | null {
  const value = Number(token);
  if (!Number.isFinite(value)) return null;
  if (value === 0 && token.trim() === '') return null;
  const trimmed = token.length > 0 && token.charCodeAt(0) > 32 ? token : token.trimStart();
  if (trimmed.charCodeAt(0) === 48 /* 0 */ && trimmed.length > 2) {
    const prefix = trimmed.charCodeAt(1) | 0x20;
    if (prefix === 120 /* x */ || prefix === 98 /* b */ || prefix === 111 /* o */) return null;
  }
  return value;
}

const exactPowersOfTen = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Scans one field of the bytes of an ASCII-compatible encoding, from `start` up to `end` or the
 * first `stop` byte, and returns where it stopped. On the way it reads `[-]digits[.digits]` with at
 * most 15 digits as Number() reads it into `out[slot]`; NaN there for anything else, which then goes
 * the general way. Exact: the digits form an integer below 2^53 and 10^k (k ≤ 15) is exact too, so
 * their quotient is the correctly rounded double of the decimal, as Number()'s.
 */
export function scanPlainDecimal(data: Uint8Array, start: number, end: number, stop: number, out: Float64Array, slot: number): number {
  let i = start;
  const negative = i < end && data[i] === 45; /* - */
  if (negative) i++;
  // Integer digits, then fraction digits, each a loop of its own: a digit costs a subtraction, one
  // unsigned comparison and the multiply-add, and the digit counts come from the positions.
  let mantissa = 0;
  let digit = 0;
  const integerFrom = i;
  while (i < end && (digit = data[i]! - 48) >>> 0 < 10) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  let digits = i - integerFrom;
  let fraction = 0;
  if (i < end && data[i] === 46 /* . */) {
    const fractionFrom = ++i;
    while (i < end && (digit = data[i]! - 48) >>> 0 < 10) {
      mantissa = mantissa * 10 + digit;
      i++;
    }
    fraction = i - fractionFrom;
    digits += fraction;
  }
  if (i < end && data[i] !== stop) {
    // Anything else in the field: not a plain decimal; on to the field's end.
    while (i < end && data[i] !== stop) i++;
    out[slot] = NaN;
  } else if (digits === 0 || digits > 15) out[slot] = NaN;
  else {
    const value = fraction > 0 ? mantissa / exactPowersOfTen[fraction]! : mantissa;
    out[slot] = negative ? -value : value;
  }
  return i;
}
