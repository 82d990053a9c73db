import { resolve } from 'node:path';
import { levelRank, type DriftLevel } from '../../shared/drift';
import type { DriftWatch } from '../../shared/drift-watch';
import { AppError } from '../../shared/result';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { createApp, type App } from '../app';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const driftWatchHelp = `Usage: vigil [--data-dir DIR] drift watch COMMAND

Drift checks that run on their own while Vigil runs (vigil serve or the desktop app): a reference
against the current data, on a schedule and whenever the current data changes. Results join the
drift history and raise drift alerts like any run.

Commands:
  add NAME REFERENCE CURRENT [options]
                     REFERENCE is a dataset file (the watch keeps a copy); CURRENT a file, a
                     folder or a glob (quote it: '/data/feed/*.csv'); of a folder or glob the
                     newest file is read, or with --last-days N every file modified in the
                     last N days, as one dataset
      --every MINUTES      check on this interval (default 60); --every never: only on change
      --no-on-change       do not check when the current data changes
      --last-days N        read all files of the last N days instead of the newest
      --timestamp COL      the time column (as vigil drift --timestamp)
  list [--json]      the watches with their last result, last error and next check
  run NAME [--json] [--fail-on LEVEL]
                     check now and print the result; exit 1 when the check failed, 3 when
                     --fail-on mild, moderate or severe is met
  remove NAME        stop and forget a watch (its results stay in the drift history)
`;

const failLevels: Record<string, DriftLevel> = { mild: 'MILD_DRIFT', moderate: 'MODERATE_DRIFT', severe: 'SEVERE_DRIFT' };

export async function driftWatchCommand(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    every: { type: 'string' },
    'no-on-change': { type: 'boolean' },
    'last-days': { type: 'string' },
    timestamp: { type: 'string' },
    'fail-on': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(driftWatchHelp);
    return values.help ? 0 : 2;
  }
  const expect = (count: number, what: string) => {
    if (rest.length !== count) throw new UsageError(`drift watch ${command} needs ${what}`);
  };
  const failOn = values['fail-on'] === undefined ? undefined : failLevels[values['fail-on'].toLowerCase()];
  if (values['fail-on'] !== undefined && !failOn) throw new UsageError(`--fail-on takes mild, moderate or severe, not ${values['fail-on']}`);

  const app = createApp({ dataDir, host: 'cli', live: false });
  try {
    if (command === 'add') {
      expect(3, 'a name, a reference dataset and the current file, folder or glob');
      const [name, reference, current] = rest as [string, string, string];
      const every = values.every === undefined ? 60 : values.every === 'never' ? null : Number(values.every);
      if (every !== null && !(Number.isInteger(every) && every >= 1)) throw new UsageError(`--every takes whole minutes or never, not ${values.every}`);
      const days = values['last-days'] === undefined ? undefined : Number(values['last-days']);
      if (days !== undefined && !(days > 0)) throw new UsageError(`--last-days takes a positive number of days, not ${values['last-days']}`);
      const added = await call(app, 'drift.watches.add', {
        name,
        reference: { path: resolve(reference) },
        current: resolve(current),
        select: days === undefined ? { mode: 'newest' } : { mode: 'recent', days },
        intervalMinutes: every,
        onChange: !values['no-on-change'],
        options: values.timestamp ? { timestamp: values.timestamp } : {},
      });
      process.stdout.write(`added drift watch ${added.name}: ${describe(added)}\nIt runs while Vigil runs (vigil serve or the desktop app); check it now with: vigil drift watch run ${quote(added.name)}\n`);
      return 0;
    }
    if (command === 'list') {
      expect(0, 'no arguments');
      const watches = await call(app, 'drift.watches.list', undefined);
      process.stdout.write(values.json ? JSON.stringify(watches, null, 2) + '\n' : watches.length ? watches.map(formatWatch).join('') : 'No drift watches.\n');
      return 0;
    }
    if (command === 'run') {
      expect(1, 'the name of a watch');
      const watch = await call(app, 'drift.watches.run', { watch: rest[0]! });
      process.stdout.write(values.json ? JSON.stringify(watch, null, 2) + '\n' : formatWatch(watch));
      if (watch.error !== null && watch.error.at === watch.lastCheckAt) return 1;
      return failOn && watch.last && levelRank[watch.last.level] >= levelRank[failOn] ? 3 : 0;
    }
    if (command === 'remove') {
      expect(1, 'the name of a watch');
      const removed = await call(app, 'drift.watches.remove', { watch: rest[0]! });
      process.stdout.write(`removed drift watch ${removed.name}; its ${removed.history.length === 1 ? 'result stays' : 'results stay'} in the drift history\n`);
      return 0;
    }
    throw new UsageError(`unknown drift watch command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === 'invalid_request') throw new UsageError(error.message);
      process.stderr.write(`vigil: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.dispose();
  }
}

/** A contract call's value, or its error as an AppError: the CLI's input is validated like every host's. */
async function call<M extends MethodName>(app: App, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const outcome = await app.dispatch(method, input);
  if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message);
  return outcome.value as MethodOutput<M>;
}

function describe(w: DriftWatch): string {
  const files = w.select.mode === 'newest' ? 'the newest file of' : `the files of the last ${w.select.days} days of`;
  const when = [w.intervalMinutes !== null && `every ${w.intervalMinutes} min`, w.onChange && 'when the data changes'].filter(Boolean).join(' and ');
  return `${w.reference.name} against ${files} ${w.current}, ${when}`;
}

function formatWatch(w: DriftWatch): string {
  const lines = [`${w.name}: ${describe(w)}`];
  if (w.last) lines.push(`  last result: ${w.last.level} (${Math.round(w.last.driftedShare * 100)} % of features drifted) at ${new Date(w.last.at).toLocaleString()}, ${w.last.current} (run #${w.last.runId})`);
  else lines.push('  no result yet');
  if (w.error) lines.push(`  last check failed at ${new Date(w.error.at).toLocaleString()}: ${w.error.message}`);
  if (w.nextRunAt !== null) lines.push(`  next check: ${new Date(w.nextRunAt).toLocaleString()}`);
  if (w.history.length > 1) lines.push(`  drift share of the last ${w.history.length} checks: ${w.history.map((p) => Math.round(p.driftedShare * 100)).join(' ')} %`);
  return lines.join('\n') + '\n';
}

function quote(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `'${name}'`;
}
