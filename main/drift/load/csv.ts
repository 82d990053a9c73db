import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ColumnBuilder } from './column-builder';
import { DatasetError, type Table } from './table';

/**
 * Streams a CSV or TSV file (RFC 4180: a header row, quoted fields with "" escapes and line
 * breaks, CRLF or LF, an optional UTF-8 BOM) into columns, 1 MiB at a time, so memory follows the
 * columns' size, not the file's.
 */
export async function loadDelimited(path: string, delimiter: ',' | '\t'): Promise<Table> {
  const parser = new DelimitedParser(path, delimiter);
  const decoder = new StringDecoder('utf8');
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        checkText(path, chunk);
        first = false;
      }
      parser.push(decoder.write(chunk));
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`);
  }
  parser.push(decoder.end());
  return parser.finish();
}

function checkText(path: string, chunk: Buffer): void {
  const sample = chunk.subarray(0, 8192);
  if (sample.includes(0)) throw new DatasetError(`${path} is not a text file (it holds NUL bytes); expected CSV or TSV`);
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

  constructor(
    private readonly path: string,
    private readonly delimiter: string,
  ) {}

  push(text: string): void {
    let data = this.pending + text;
    if (!this.started && data.length > 0) {
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
      this.started = true;
    }
    let start = 0;
    // Where the next quote is, found once per chunk rather than once per line.
    let quote = data.indexOf('"');
    for (;;) {
      const end = data.indexOf('\n', start);
      if (end < 0) break;
      if (quote >= 0 && quote < start) quote = data.indexOf('"', start);
      this.consumeLine(data, start, end > start && data.charCodeAt(end - 1) === 13 ? end - 1 : end, quote >= 0 && quote < end);
      start = end + 1;
    }
    this.pending = data.slice(start);
  }

  finish(): Table {
    if (this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      this.consumeLine(text, 0, text.endsWith('\r') ? text.length - 1 : text.length, text.includes('"'));
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
        this.fields = splitPlain(data, start, end, this.delimiter);
        return this.emit();
      }
      this.fields = [];
      this.field = '';
    } else {
      this.field += '\n';
    }
    this.parseQuoted(data, start, end);
  }

  /** Character by character, only for lines that hold a quote. */
  private parseQuoted(data: string, start: number, end: number): void {
    const delimiter = this.delimiter;
    let atFieldStart = !this.inQuotes && this.field === '';
    for (let i = start; i < end; i++) {
      const c = data[i]!;
      if (this.inQuotes) {
        if (c === '"') {
          if (data[i + 1] === '"' && i + 1 < end) {
            this.field += '"';
            i++;
          } else this.inQuotes = false;
        } else this.field += c;
      } else if (c === delimiter) {
        this.fields.push(this.field);
        this.field = '';
        atFieldStart = true;
        continue;
      } else if (c === '"' && atFieldStart) {
        this.inQuotes = true;
        this.quoteLine = this.line;
      } else if (c === '"') {
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
      return;
    }
    if (fields.length !== this.builders.length) {
      throw new DatasetError(
        `${this.path} line ${this.line}: expected ${this.builders.length} fields as in the header, found ${fields.length}`,
      );
    }
    for (let i = 0; i < fields.length; i++) this.builders[i]!.addText(fields[i]!);
  }

  private setHeader(fields: string[]): void {
    const names = fields.map((f) => f.trim());
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (name === '') throw new DatasetError(`${this.path} line ${this.line}: column ${i + 1} of the header has no name`);
      if (seen.has(name)) throw new DatasetError(`${this.path} line ${this.line}: the header names column "${name}" twice`);
      seen.add(name);
    });
    this.header = names;
    this.builders = names.map((name) => new ColumnBuilder(name));
  }
}

function splitPlain(data: string, start: number, end: number, delimiter: string): string[] {
  const out: string[] = [];
  let from = start;
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
