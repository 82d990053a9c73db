import type { ReadOptions } from '../../../shared/drift';
import { parseNumber } from './column-builder';
import { isMissingToken } from './table';

export type Delimiter = NonNullable<ReadOptions['delimiter']>;
export type Quote = NonNullable<ReadOptions['quote']>;

export interface Dialect {
  delimiter: Delimiter;
  quote: Quote;
  decimal: '.' | ',';
  header: boolean;
}

/** In a tie, the rarer character in ordinary text wins: a ';' file with decimal commas has as many commas. */
const candidates: Delimiter[] = ['\t', ';', '|', ','];
const sampleRecords = 100;

/**
 * Detects how delimited text was written, from its first records, the way spreadsheet and
 * dataframe exports differ: the delimiter that splits the records into the same number of fields,
 * the quote character, a decimal comma, and whether the first record is a header. What `given`
 * says wins; `fallback` is the delimiter when the sample has a single column.
 */
export function sniffDialect(sample: string, complete: boolean, given: ReadOptions, fallback: Delimiter): Dialect {
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample;
  const quote = given.quote ?? sniffQuote(text);
  const delimiter = given.delimiter ?? sniffDelimiter(text, complete, quote, fallback);
  const records = parseRecords(text, complete, delimiter, quote);
  const decimal = given.decimal ?? (delimiter === ',' ? '.' : sniffDecimal(records));
  const header = given.header ?? sniffHeader(records, decimal);
  return { delimiter, quote, decimal, header };
}

export function describeDialect(dialect: Dialect): string {
  const delimiter = dialect.delimiter === '\t' ? 'tab' : `'${dialect.delimiter}'`;
  return [
    `${delimiter} between fields`,
    `${dialect.quote === '"' ? 'double' : 'single'} quotes`,
    dialect.decimal === ',' ? 'decimal comma' : 'decimal point',
    dialect.header ? 'header row' : 'no header row',
  ].join(', ');
}

/** A single quote counts only when fields start with it and no double quote does. */
function sniffQuote(text: string): Quote {
  const opens = (q: string) => (text.match(new RegExp(`(^|[,;\\t|])${q}[^${q}\\n]*${q}($|[,;\\t|\\r\\n])`, 'gm')) ?? []).length;
  return opens('"') === 0 && opens("'") > 0 ? "'" : '"';
}

function sniffDelimiter(text: string, complete: boolean, quote: Quote, fallback: Delimiter): Delimiter {
  let best: { delimiter: Delimiter; consistency: number } | null = null;
  for (const delimiter of candidates) {
    const counts = parseRecords(text, complete, delimiter, quote).map((fields) => fields.length - 1);
    if (counts.length === 0) continue;
    const mode = modeOf(counts);
    if (mode === 0) continue;
    const consistency = counts.filter((c) => c === mode).length / counts.length;
    if (!best || consistency > best.consistency) best = { delimiter, consistency };
  }
  return best?.delimiter ?? fallback;
}

function modeOf(values: number[]): number {
  const tally = new Map<number, number>();
  let mode = 0;
  let most = 0;
  for (const v of values) {
    const n = (tally.get(v) ?? 0) + 1;
    tally.set(v, n);
    if (n > most || (n === most && v > mode)) [mode, most] = [v, n];
  }
  return mode;
}

const commaNumber = /^\s*[-+]?\d*,\d+([eE][-+]?\d+)?\s*$/;
const pointNumber = /^\s*[-+]?\d*\.\d+([eE][-+]?\d+)?\s*$/;

function sniffDecimal(records: string[][]): '.' | ',' {
  let comma = 0;
  let point = 0;
  for (const fields of records) {
    for (const field of fields) {
      if (commaNumber.test(field)) comma++;
      else if (pointNumber.test(field)) point++;
    }
  }
  return comma > 0 && point === 0 ? ',' : '.';
}

/**
 * Votes column by column, as Python's csv.Sniffer does: a first value that is text above a column
 * of numbers is a name; a first value like the ones below it (a number above numbers, or a text
 * repeated further down) is data. Ties and files of free text keep the header.
 */
function sniffHeader(records: string[][], decimal: '.' | ','): boolean {
  const first = records[0];
  if (!first || records.length < 2) return true;
  const isNumber = (field: string) => parseNumber(decimal === ',' ? field.replace(',', '.') : field) !== null;
  const isBlank = (field: string) => isMissingToken(field);
  let header = 0;
  let data = 0;
  first.forEach((name, column) => {
    if (isBlank(name)) return;
    const below = records.slice(1).map((fields) => fields[column] ?? '').filter((field) => !isBlank(field));
    if (below.length === 0) return;
    if (below.every(isNumber)) {
      if (isNumber(name)) data++;
      else header++;
    } else if (below.includes(name)) data++;
  });
  return header >= data;
}

/** The first records of the sample split into fields; a record cut off by the sample's end is left out. */
function parseRecords(text: string, complete: boolean, delimiter: string, quote: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let atStart = true;
  for (let i = 0; i < text.length && records.length < sampleRecords; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c !== quote) field += c;
      else if (text[i + 1] === quote) {
        field += quote;
        i++;
      } else inQuotes = false;
    } else if (c === quote && atStart) {
      inQuotes = true;
      atStart = false;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      atStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push(fields);
      fields = [];
      field = '';
      atStart = true;
    } else {
      field += c;
      atStart = false;
    }
  }
  if (complete && !inQuotes && (fields.length > 0 || field !== '')) {
    fields.push(field);
    if (records.length < sampleRecords) records.push(fields);
  }
  return records;
}
