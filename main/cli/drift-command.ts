import { levelRank, type DriftLevel, type DriftOptions, type DriftReport } from '../../shared/drift';
import { AppError } from '../../shared/result';
import { createApp } from '../app';
import { formatDriftReport } from './drift-report-text';
import { ProgressBar } from './progress-bar';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const driftHelp = `Usage: vigil [--data-dir DIR] drift REFERENCE [CURRENT] [options]

Compares two datasets (CSV, TSV, Parquet, JSON Lines) feature by feature and says which drifted.
With --timestamp and one file, the reference is the period before the detection window.

Options:
  --json                 print one JSON document instead of the table
  --timestamp COL        the time column: a detection window, daily chunks, a reference period
  --reference-days N     reference period before the detection window (default 30)
  --detection-days N     detection window, the last N days of the data (default 7)
  --chunk-hours N        heatmap chunk length (default 24)
  --categorical A,B      test these columns as categories
  --numerical C          test these columns as numbers
  --fail-on LEVEL        exit 3 when the dataset level is at least mild, moderate or severe
  -h, --help             this help

Exit status: 0 done, 3 --fail-on met, 2 bad usage or unreadable input, 1 failure.
`;

const failLevels: Record<string, DriftLevel> = { mild: 'MILD_DRIFT', moderate: 'MODERATE_DRIFT', severe: 'SEVERE_DRIFT' };

export async function driftCommand(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    process.stdout.write(driftHelp);
    return 0;
  }
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
  };
  const [referencePath, currentPath = referencePath] = positionals as [string, string?];

  const app = createApp({ dataDir, host: 'cli', live: false });
  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const stopProgress = app.events.on('drift.progress', (p) => {
    if (p.phase === 'testing') bar?.update(p.done, p.total, p.feature ? `tested ${p.feature}` : 'testing');
    else if (p.phase === 'loading') bar?.update(0, 1, 'loading');
  });
  let report: DriftReport;
  try {
    report = await app.drift.run({ reference: { path: referencePath }, current: { path: currentPath! }, options });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_request') throw new UsageError(error.message);
    throw error;
  } finally {
    stopProgress();
    bar?.clear();
    await app.dispose();
  }
  process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatDriftReport(report));
  return failOn && levelRank[report.dataset.level] >= levelRank[failOn] ? 3 : 0;
}

function parse(args: string[]) {
  return parseCommandArgs(args, {
        json: { type: 'boolean' },
        timestamp: { type: 'string' },
        'reference-days': { type: 'string' },
        'detection-days': { type: 'string' },
        'chunk-hours': { type: 'string' },
        categorical: { type: 'string' },
        numerical: { type: 'string' },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      });
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
