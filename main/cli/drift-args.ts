import type { DriftLevel, DriftOptions, ReadOptions } from '../../shared/drift';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const driftHelp = `Usage: vigil [--data-dir DIR] drift REFERENCE [CURRENT] [options]

Compares two datasets (CSV, TSV, Parquet, JSON Lines; text formats also as .gz or .zst) feature
by feature and says which drifted. With --timestamp and one file, the reference is the period
before the detection window. How text files were written (encoding, delimiter, quotes, decimal
mark, header) is detected from their start and printed; the options below override it.

Options:
  --json                 print one JSON document instead of the table (as --format json)
  --format F             text (the default), json, junit (a test case a feature, drifted ones
                         failing) or markdown (a summary table for pull requests and CI summaries)
  --html FILE            also write the report as one self-contained HTML file (opens offline)
  --timestamp COL        the time column: a detection window, daily chunks, a reference period
  --reference-days N     reference period before the detection window (default 30)
  --detection-days N     detection window, the last N days of the data (default 7)
  --chunk-hours N        heatmap chunk length (default 24)
  --categorical A,B      test these columns as categories
  --numerical C          test these columns as numbers
  --fail-on LEVEL        exit 3 when the worst feature level is at least mild, moderate or severe
  --delimiter C          the field delimiter of text files: , ; tab |
  --decimal C            the decimal mark of text files: . or ,
  --encoding E           utf-8, utf-16le, utf-16be or latin1
  --quote C              the quote character: " or '
  --header yes|no        whether text files start with a header row
  -h, --help             this help

Exit status: 0 done, 3 --fail-on met, 2 bad usage or unreadable input, 1 failure.

Drift checks that run on their own: vigil drift watch add|list|run|remove (vigil drift watch --help).
`;

export const driftFormats = ['text', 'json', 'junit', 'markdown'] as const;
export type DriftFormat = (typeof driftFormats)[number];

const failLevels: Record<string, DriftLevel> = { mild: 'MILD_DRIFT', moderate: 'MODERATE_DRIFT', severe: 'SEVERE_DRIFT' };

/** What `vigil drift` is asked to do. */
export interface DriftArgs {
  options: DriftOptions;
  format: DriftFormat;
  html: string | undefined;
  failOn: DriftLevel | undefined;
  referencePath: string;
  currentPath: string;
}

/** What the arguments ask for; null for --help. Throws a UsageError for arguments that make no sense. */
export function driftArgs(args: string[]): DriftArgs | null {
  const { values, positionals } = parse(args);
  if (values.help) return null;
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError('drift needs a reference and a current dataset');
  if (positionals.length === 1 && !values.timestamp) throw new UsageError('with a single dataset, name its time column with --timestamp');
  const failOn = values['fail-on'] === undefined ? undefined : failLevels[values['fail-on'].toLowerCase().replace(/_drift$/, '')];
  if (values['fail-on'] !== undefined && !failOn) throw new UsageError(`--fail-on takes mild, moderate or severe, not ${values['fail-on']}`);
  const options: DriftOptions = {
    timestamp: values.timestamp,
    categorical: list(values.categorical),
    numerical: list(values.numerical),
    referenceDays: positive('--reference-days', values['reference-days']),
    detectionDays: positive('--detection-days', values['detection-days']),
    chunkHours: positive('--chunk-hours', values['chunk-hours']),
    read: readOptions(values),
  };
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (!(driftFormats as readonly string[]).includes(format)) throw new UsageError(`--format takes text, json, junit or markdown, not ${JSON.stringify(format)}`);
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError('--json and --format say different things; use one');
  if (values.html === '') throw new UsageError('--html needs a file name');
  const [referencePath, currentPath = referencePath] = positionals as [string, string?];
  return { options, format: format as DriftFormat, html: values.html, failOn, referencePath, currentPath };
}

function parse(args: string[]) {
  return parseCommandArgs(args, {
        json: { type: 'boolean' },
        format: { type: 'string' },
        html: { type: 'string' },
        timestamp: { type: 'string' },
        'reference-days': { type: 'string' },
        'detection-days': { type: 'string' },
        'chunk-hours': { type: 'string' },
        categorical: { type: 'string' },
        numerical: { type: 'string' },
        'fail-on': { type: 'string' },
        delimiter: { type: 'string' },
        decimal: { type: 'string' },
        encoding: { type: 'string' },
        quote: { type: 'string' },
        header: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      });
}

const delimiters: Record<string, NonNullable<ReadOptions['delimiter']>> = { ',': ',', ';': ';', '|': '|', tab: '\t', '\t': '\t', '\\t': '\t' };
const encodings: Record<string, NonNullable<ReadOptions['encoding']>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
};

function readOptions(values: ReturnType<typeof parse>['values']): ReadOptions | undefined {
  const read: ReadOptions = {};
  if (values.delimiter !== undefined) {
    read.delimiter = delimiters[values.delimiter.toLowerCase()];
    if (!read.delimiter) throw new UsageError(`--delimiter takes , ; tab or |, not ${JSON.stringify(values.delimiter)}`);
  }
  if (values.decimal !== undefined) {
    if (values.decimal !== '.' && values.decimal !== ',') throw new UsageError(`--decimal takes . or , not ${JSON.stringify(values.decimal)}`);
    read.decimal = values.decimal;
  }
  if (values.encoding !== undefined) {
    read.encoding = encodings[values.encoding.toLowerCase()];
    if (!read.encoding) throw new UsageError(`--encoding takes utf-8, utf-16le, utf-16be or latin1, not ${JSON.stringify(values.encoding)}`);
  }
  if (values.quote !== undefined) {
    if (values.quote !== '"' && values.quote !== "'") throw new UsageError(`--quote takes " or ', not ${values.quote}`);
    read.quote = values.quote;
  }
  if (values.header !== undefined) {
    if (values.header !== 'yes' && values.header !== 'no') throw new UsageError(`--header takes yes or no, not ${values.header}`);
    read.header = values.header === 'yes';
  }
  return Object.keys(read).length ? read : undefined;
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} takes a positive number, not ${value}`);
  return n;
}
