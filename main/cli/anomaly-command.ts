import { epochMilliseconds } from '../drift/feature-typing';
import { loadTable } from '../drift/load/load-table';
import { DatasetError } from '../drift/load/table';
import { scoreRows } from '../monitor/anomaly/score-rows';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const anomalyHelp = `Usage: vigil anomaly FILE --value COL [--timestamp COL] [--json]

Scores a recorded series (CSV, TSV or JSON Lines; Parquet too) with the detector the monitor runs
on every stored series: each row against a rolling median baseline of the rows before it, in robust
standard deviations, flagged at 6 (--threshold). With --timestamp, rows are taken in time order and
the usual value at each time of day counts once a week of history lies behind a row.

Options:
  --value COL        the column to score (numbers)
  --timestamp COL    the time column: epoch seconds or milliseconds, or ISO-8601 text
  --threshold N      the score that makes a row anomalous (default 6)
  --json             print one JSON document instead of CSV
  -h, --help         this help

Output: one line per input row, in input order: row, timestamp, value, expected, score, anomalous.
Exit status: 0 done, 2 bad usage or unreadable input, 1 failure.
`;

export async function anomalyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    value: { type: 'string' },
    timestamp: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(anomalyHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('anomaly needs one file');
  if (!values.value) throw new UsageError('name the column to score with --value');
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold > 0)) throw new UsageError(`--threshold takes a positive number, not ${values.threshold}`);

  const file = positionals[0]!;
  let scores;
  try {
    const table = await loadTable(file);
    const column = (name: string) => {
      const found = table.columns.find((c) => c.name === name);
      if (!found) throw new UsageError(`${file} has no column "${name}"; it has ${table.columns.map((c) => c.name).join(', ')}`);
      return found;
    };
    const valueColumn = column(values.value);
    if (valueColumn.kind !== 'numeric') throw new UsageError(`column "${values.value}" of ${file} holds text, not numbers`);
    const times = values.timestamp ? epochMilliseconds(column(values.timestamp), file) : null;
    scores = scoreRows(valueColumn.values, times, threshold);
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(error.message);
    throw error;
  }

  const anomalous = scores.filter((s) => s.anomalous).length;
  if (values.json) {
    process.stdout.write(JSON.stringify({ file, value: values.value, timestamp: values.timestamp ?? null, rows: scores.length, anomalous, scores }) + '\n');
    return 0;
  }
  const lines = ['row,timestamp,value,expected,score,anomalous'];
  const num = (v: number | null, digits: number) => (v === null ? '' : String(Number(v.toFixed(digits))));
  for (const s of scores) lines.push(`${s.row},${s.at === null ? '' : new Date(s.at).toISOString()},${num(s.value, 6)},${num(s.expected, 6)},${num(s.score, 2)},${s.anomalous}`);
  process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(`${anomalous} of ${scores.length} rows anomalous\n`);
  return 0;
}
