import { isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import type { ReadOptions } from '../../../shared/drift';
import { openBytes, type Compression } from './byte-source';
import { ColumnBuilder, upfrontRows, scanPlainDecimal } from './column-builder';
import { describeDialect, sniffDialect, type Delimiter, type Dialect } from './dialect';
import { maxColumns, maxLineChars, maxLineLabel } from './limits';
import { DatasetError, type Table } from './table';
import { describeEncoding, detectEncoding, textDecoding, type DetectedEncoding, type TextDecoding } from './text-encoding';

export interface DelimitedInput {
  path: string;
  /** The name people know it by, for messages. */
  name: string;
  compression: Compression;
  /** The delimiter when the file has a single column (by its extension). */
  fallbackDelimiter: Delimiter;
  given: ReadOptions;
  /** The file already opened (read instead of opening `path`). */
  handle?: FileHandle;
  /** The file's size in bytes, when it is read as it is stored (not decompressed). */
  size?: number;
}

/** Bytes read before the encoding and dialect are decided. */
const sampleBytes = 256 * 1024;

/**
 * Streams delimited text (RFC 4180 quoting with doubled quotes and line breaks inside quotes, CRLF
 * or LF) into columns, so memory follows the columns' size, not the file's. The encoding, the
 * delimiter, the quote, the decimal mark and the header are detected from the first 256 KiB unless
 * given.
 */
export async function loadDelimited(input: DelimitedInput): Promise<Table> {
  const source = openBytes(input.path, input.compression, input.handle);
  let reader: Reader | null = null;
  let sample: Buffer[] = [];
  let sampled = 0;
  try {
    for await (const chunk of source.chunks) {
      if (reader?.bytes) {
        reader.parser.pushBytes(chunk);
        continue;
      }
      if (reader) {
        reader.parser.push(reader.decoding.write(chunk));
        continue;
      }
      sample.push(chunk);
      sampled += chunk.length;
      if (sampled >= sampleBytes) {
        reader = startReading(input, Buffer.concat(sample), false);
        sample = [];
      }
    }
    reader ??= startReading(input, Buffer.concat(sample), true);
    if (reader.bytes) reader.parser.endBytes();
    else reader.parser.push(reader.decoding.end());
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${input.name}: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  const table = reader.parser.finish();
  const kind = input.fallbackDelimiter === '\t' ? 'TSV' : 'CSV';
  const packed = input.compression === 'gzip' ? 'gzip-compressed ' : input.compression === 'zstd' ? 'Zstandard-compressed ' : '';
  return { ...table, sha256: source.sha256(), format: `${packed}${kind}, ${describeEncoding(reader.encoding)}, ${describeDialect(reader.parser.dialect)}` };
}

interface Reader {
  encoding: DetectedEncoding;
  decoding: TextDecoding;
  parser: DelimitedParser;
  /** The rest of the file goes to the parser as bytes (pushBytes), not decoded text. */
  bytes: boolean;
}

/**
 * Decides the encoding and the dialect from the sample, then parses the sample. A file of UTF-8 or
 * Latin-1 is parsed as bytes, the sample included: every character that structures the file is
 * ASCII there, so lines and fields are found without decoding, and only fields that are not plain
 * numbers become strings.
 */
function startReading(input: DelimitedInput, sample: Buffer, complete: boolean): Reader {
  const given = input.given.encoding;
  const encoding = given ? { encoding: given, bom: hasBom(sample, given) } : detectEncoding(sample, complete);
  const asciiCompatible = encoding.encoding === 'utf-8' || encoding.encoding === 'latin1';
  if (asciiCompatible) checkText(input.name, sample);
  const invalidUtf8 = `${input.name} is not UTF-8 throughout (its start is); give its encoding, such as --encoding latin1`;
  const decoding = textDecoding(encoding.encoding, invalidUtf8);
  const text = decoding.write(sample);
  const parser = new DelimitedParser(input.name, sniffDialect(text, complete, input.given, input.fallbackDelimiter), expectedRows(input.size, sample), input.size ?? 0);
  if (complete || !asciiCompatible || !sample.includes(10)) {
    parser.push(text);
    return { encoding, decoding, parser, bytes: false };
  }
  // The sample too, past a UTF-8 BOM: lines go the text way only while the header is unread or
  // a quote is open.
  parser.startBytes(encoding.encoding === 'utf-8' ? 'utf8' : 'latin1', invalidUtf8);
  parser.pushBytes(encoding.bom ? sample.subarray(3) : sample);
  return { encoding, decoding, parser, bytes: true };
}

/**
 * About how many rows a file of `size` bytes holds, from the sample's lines (a few more, so a close
 * guess needs no growing); 0 when unknown. The columns start at this size, so a file of rows like
 * the sample's is read without a column ever being copied to a larger one.
 */
function expectedRows(size: number | undefined, sample: Buffer): number {
  if (size === undefined) return 0;
  let lines = 0;
  for (let at = sample.indexOf(10); at >= 0; at = sample.indexOf(10, at + 1)) lines++;
  if (lines < 2) return 0;
  return Math.ceil((size / sample.length) * lines * 1.02) + 16;
}

function hasBom(sample: Buffer, encoding: NonNullable<ReadOptions['encoding']>): boolean {
  if (encoding === 'utf-8') return sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (encoding === 'utf-16le') return sample[0] === 0xff && sample[1] === 0xfe;
  if (encoding === 'utf-16be') return sample[0] === 0xfe && sample[1] === 0xff;
  return false;
}

function checkText(name: string, sample: Buffer): void {
  if (sample.subarray(0, 8192).includes(0)) throw new DatasetError(`${name} is not a text file (it holds NUL bytes); expected CSV or TSV`);
}

class DelimitedParser {
  private pending = '';
  private line = 0;
  private header: string[] | null = null;
  private builders: ColumnBuilder[] = [];
  // State of a quoted field that spans line breaks.
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private quoteLine = 0;
  private started = false;
  private readonly delimiter: string;
  private readonly quote: string;
  // The next delimiter in the text being parsed, found once rather than once per line: a search
  // per line would scan to the end of the chunk on every line of a single-column file.
  private scanned: string | null = null;
  private delimiterAt = -1;
  /** Where each field of the line being added ends, and its plain-decimal reading (NaN if none). */
  private fieldEnds = new Int32Array(0);
  private fieldValues = new Float64Array(0);
  // Byte mode (pushBytes): the encoding of the bytes and the unfinished last line.
  private byteEncoding: 'utf8' | 'latin1' = 'utf8';
  private invalidUtf8 = '';
  private pendingBytes: Buffer = Buffer.alloc(0);
  private readonly delimiterByte: number;
  private readonly quoteByte: number;

  constructor(
    private readonly path: string,
    readonly dialect: Dialect,
    private readonly expectedRows: number,
    /**
     * The file's size in bytes (0: unknown): a row of n fields takes max(n, 2) bytes at least (blank
     * lines are no rows), whatever the sample suggests.
     */
    private readonly fileBytes: number,
  ) {
    this.delimiter = dialect.delimiter;
    this.quote = dialect.quote;
    this.delimiterByte = dialect.delimiter.charCodeAt(0);
    this.quoteByte = dialect.quote.charCodeAt(0);
  }

  startBytes(encoding: 'utf8' | 'latin1', invalidUtf8: string): void {
    this.byteEncoding = encoding;
    this.invalidUtf8 = invalidUtf8;
    this.started = true; // the caller has skipped the BOM
  }

  /** More of the file as bytes of an ASCII-compatible encoding (after startBytes). */
  pushBytes(chunk: Buffer): void {
    // As the text path decodes a whole chunk before it reads a line of it, the whole chunk is
    // checked first (characters cut at its edges are checked with the line that joins them).
    if (this.byteEncoding === 'utf8' && !utf8BetweenCuts(chunk)) throw new DatasetError(this.invalidUtf8);
    let from = 0;
    if (this.pendingBytes.length > 0) {
      // The line cut at the end of the previous chunk, completed by the start of this one.
      const end = chunk.indexOf(10);
      if (end < 0) {
        this.pendingBytes = Buffer.concat([this.pendingBytes, chunk]);
        this.checkPendingLength();
        return;
      }
      const line = Buffer.concat([this.pendingBytes, chunk.subarray(0, end + 1)]);
      if (this.byteEncoding === 'utf8' && !isUtf8(line)) throw new DatasetError(this.invalidUtf8);
      this.pendingBytes = Buffer.alloc(0);
      this.consumeLines(line, line.length - 1);
      from = end + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < from) {
      this.pendingBytes = Buffer.from(chunk.subarray(from));
      this.checkPendingLength();
      return;
    }
    this.consumeLines(from === 0 ? chunk : chunk.subarray(from), last - from);
    // A copy: the stream may reuse its buffer.
    this.pendingBytes = Buffer.from(chunk.subarray(last + 1));
    this.checkPendingLength();
  }

  /** The end of a file read in byte mode: its last line, if it has no line break. */
  endBytes(): void {
    const rest = this.pendingBytes;
    this.pendingBytes = Buffer.alloc(0);
    this.push(this.decodeChecked(rest, 0, rest.length));
  }

  /** Every line of `data` (checked text) up to the line break at `lastBreak`. */
  private consumeLines(data: Buffer, lastBreak: number): void {
    const quoteByte = this.quoteByte;
    let quote = data.indexOf(quoteByte);
    let start = 0;
    while (start <= lastBreak) {
      const end = data.indexOf(10, start);
      if (quote >= 0 && quote < start) quote = data.indexOf(quoteByte, start);
      const stop = end > start && data[end - 1] === 13 ? end - 1 : end;
      const quoted = quote >= 0 && quote < stop;
      if (!quoted && !this.inQuotes && this.header !== null && (start === stop || this.addPlainBytes(data, start, stop))) this.line++;
      else {
        const text = data.toString(this.byteEncoding, start, stop);
        this.consumeLine(text, 0, text.length, quoted);
      }
      start = end + 1;
    }
  }

  private decodeChecked(data: Buffer, start: number, end: number): string {
    if (this.byteEncoding === 'utf8' && !isUtf8(data.subarray(start, end))) throw new DatasetError(this.invalidUtf8);
    return data.toString(this.byteEncoding, start, end);
  }

  /** The text path's cap on an unfinished line, in characters as it counts them. */
  private checkPendingLength(): void {
    const bytes = this.pendingBytes;
    if (bytes.length <= maxLineChars) return;
    if (this.byteEncoding === 'utf8' && bytes.toString('utf8').length <= maxLineChars) return;
    throw new DatasetError(`${this.path} line ${this.line + 1} is longer than ${maxLineLabel}; is it a delimited text file?`);
  }

  /**
   * The fields of a line of bytes without quotes straight into the columns, a plain number read as
   * its field is scanned, without a string of its own; false, having added nothing, when the line
   * has another number of fields than the header (the text path then says so).
   */
  private addPlainBytes(data: Buffer, start: number, end: number): boolean {
    const builders = this.builders;
    const count = builders.length;
    const ends = this.fieldEnds;
    const plain = this.fieldValues;
    const delimiter = this.delimiterByte;
    let fields = 0;
    let from = start;
    for (;;) {
      if (fields === count) return false;
      const at = scanPlainDecimal(data, from, end, delimiter, plain, fields);
      ends[fields++] = at;
      if (at >= end) break;
      from = at + 1;
    }
    if (fields !== count) return false;
    from = start;
    for (let i = 0; i < count; i++) {
      builders[i]!.addBytes(plain[i]!, data, from, ends[i]!, this.byteEncoding);
      from = ends[i]! + 1;
    }
    return true;
  }

  push(text: string): void {
    let data = this.pending + text;
    if (!this.started && data.length > 0) {
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
      this.started = true;
    }
    const q = this.quote;
    let start = 0;
    // Where the next quote is, found once per chunk rather than once per line.
    let quote = data.indexOf(q);
    for (;;) {
      const end = data.indexOf('\n', start);
      if (end < 0) break;
      if (quote >= 0 && quote < start) quote = data.indexOf(q, start);
      this.consumeLine(data, start, end > start && data.charCodeAt(end - 1) === 13 ? end - 1 : end, quote >= 0 && quote < end);
      start = end + 1;
    }
    this.pending = data.slice(start);
    if (this.pending.length > maxLineChars) {
      throw new DatasetError(`${this.path} line ${this.line + 1} is longer than ${maxLineLabel}; is it a delimited text file?`);
    }
  }

  finish(): Table {
    if (this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      this.consumeLine(text, 0, text.endsWith('\r') ? text.length - 1 : text.length, text.includes(this.quote));
    }
    if (this.inQuotes) throw new DatasetError(`${this.path} line ${this.quoteLine}: a quoted field is never closed`);
    if (this.header === null) throw new DatasetError(`${this.path} is empty: expected a header row and data`);
    const rows = this.builders[0]?.rows ?? 0;
    if (rows === 0) throw new DatasetError(`${this.path} has a header but no data rows`);
    return { source: this.path, rows, columns: this.builders.map((b) => b.build()) };
  }

  private consumeLine(data: string, start: number, end: number, hasQuote: boolean): void {
    this.line++;
    if (!this.inQuotes) {
      if (start === end) return; // blank line
      if (!hasQuote) {
        if (this.scanned !== data || (this.delimiterAt >= 0 && this.delimiterAt < start)) {
          this.scanned = data;
          this.delimiterAt = data.indexOf(this.delimiter, start);
        }
        const at = this.delimiterAt;
        this.fields = at < 0 || at >= end ? [data.slice(start, end)] : splitPlain(data, at, start, end, this.delimiter);
        return this.emit();
      }
      this.fields = [];
      this.field = '';
    } else {
      this.field += '\n';
      if (this.field.length > maxLineChars) {
        throw new DatasetError(`${this.path} line ${this.quoteLine}: a quoted field runs past ${maxLineLabel}; is a closing quote missing?`);
      }
    }
    this.parseQuoted(data, start, end);
  }

  /** Character by character, only for lines that hold a quote. */
  private parseQuoted(data: string, start: number, end: number): void {
    const delimiter = this.delimiter;
    const quote = this.quote;
    let atFieldStart = !this.inQuotes && this.field === '';
    for (let i = start; i < end; i++) {
      const c = data[i]!;
      if (this.inQuotes) {
        if (c === quote) {
          if (data[i + 1] === quote && i + 1 < end) {
            this.field += quote;
            i++;
          } else this.inQuotes = false;
        } else this.field += c;
      } else if (c === delimiter) {
        this.fields.push(this.field);
        this.field = '';
        atFieldStart = true;
        continue;
      } else if (c === quote && atFieldStart) {
        this.inQuotes = true;
        this.quoteLine = this.line;
      } else if (c === quote) {
        throw new DatasetError(`${this.path} line ${this.line}: a quote inside an unquoted field; quote the whole field and double the quote`);
      } else this.field += c;
      atFieldStart = false;
    }
    if (this.inQuotes) return; // the field goes on after the line break
    this.fields.push(this.field);
    this.field = '';
    this.emit();
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    if (this.header === null) {
      this.setHeader(fields);
      if (this.dialect.header) return;
    }
    if (fields.length !== this.builders.length) {
      throw new DatasetError(
        `${this.path} line ${this.line}: expected ${this.builders.length} fields as in the ${this.dialect.header ? 'header' : 'first row'}, found ${fields.length}` +
          ` (read with ${describeDialect(this.dialect)})`,
      );
    }
    for (let i = 0; i < fields.length; i++) this.builders[i]!.addText(fields[i]!);
  }

  private setHeader(fields: string[]): void {
    if (fields.length > maxColumns) {
      throw new DatasetError(`${this.path} has ${fields.length} columns; at most ${maxColumns} can be compared`);
    }
    const names = this.dialect.header ? fields.map((f) => f.trim()) : fields.map((_, i) => `column_${i + 1}`);
    const seen = new Set<string>();
    // R's write.csv names its first column, the row names, "".
    if (this.dialect.header && names.length > 1 && names[0] === '') names[0] = 'row_names';
    names.forEach((name, i) => {
      if (name === '') throw new DatasetError(`${this.path} line ${this.line}: column ${i + 1} of the header has no name`);
      if (seen.has(name)) throw new DatasetError(`${this.path} line ${this.line}: the header names column "${name}" twice`);
      seen.add(name);
    });
    this.header = names;
    const decimalComma = this.dialect.decimal === ',';
    const rows = upfrontRows(Math.min(this.expectedRows, Math.floor(this.fileBytes / Math.max(2, names.length))), names.length);
    this.builders = names.map((name) => new ColumnBuilder(name, decimalComma, rows));
    this.fieldEnds = new Int32Array(names.length);
    this.fieldValues = new Float64Array(names.length);
  }
}

/** Fields of a line without quotes, given where its first delimiter is. */
function splitPlain(data: string, first: number, start: number, end: number, delimiter: string): string[] {
  const out: string[] = [data.slice(start, first)];
  let from = first + 1;
  for (;;) {
    const at = data.indexOf(delimiter, from);
    if (at < 0 || at >= end) {
      out.push(data.slice(from, end));
      return out;
    }
    out.push(data.slice(from, at));
    from = at + 1;
  }
}

/**
 * Whether a chunk is UTF-8 throughout, allowing a character cut by the chunk's edges: continuation
 * bytes at its start (the end of the previous chunk's last character) and a character cut short
 * at its end. The line that joins them is checked whole.
 */
function utf8BetweenCuts(data: Buffer): boolean {
  if (isUtf8(data)) return true;
  let start = 0;
  while (start < 3 && start < data.length && (data[start]! & 0xc0) === 0x80) start++;
  let lead = data.length - 1;
  while (lead > start && lead > data.length - 4 && (data[lead]! & 0xc0) === 0x80) lead--;
  const byte = data[lead]!;
  const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  if (isUtf8(data.subarray(start))) return true;
  return data.length - lead < needs && isUtf8(data.subarray(start, lead));
}
