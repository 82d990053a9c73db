import { hostname } from 'node:os';
import { z } from 'zod';
import type { AppInfo, MethodName, MethodOutput, MethodParsedInput } from '../shared/contract';
import { isMethodName, methods } from '../shared/contract';
import { AppError, fail, ok, type Result } from '../shared/result';
import type { Config } from '../shared/config';
import type { Hardware, HistoryResponse, MonitorSample } from '../shared/monitor';
import type { Outlook } from '../shared/foresight';
import { ConfigError } from './config';
import type { DriftEngine } from './drift/drift-engine';
import type { DriftWatches } from './drift/watch/drift-watches';
import type { Alerts } from './alerts/alerts';
import type { BackupEngine } from './backup/backup-engine';
import { folderProblem, withoutSource, withSource } from './backup/source-status';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** What the handlers need from the engines; app.ts supplies it. */
export interface ApiDeps {
  info: () => Omit<AppInfo, 'name' | 'hostname' | 'platform'>;
  config: { value: Config; update(patch: unknown): Config };
  latestSample: () => MonitorSample | null;
  monitor: {
    history(series: string[], from: number, to: number, points: number): HistoryResponse;
    seriesNames(): string[];
    hardware(): Promise<Hardware>;
    removeModel(model: string): boolean;
  };
  drift: Pick<DriftEngine, 'run' | 'columns' | 'history' | 'get' | 'reportHtml'>;
  alerts: Pick<Alerts, 'open' | 'history' | 'acknowledge' | 'silence' | 'notifications' | 'test' | 'actions' | 'silences'>;
  backup: BackupEngine;
  foresight: { outlook(): Outlook };
  watches: Pick<DriftWatches, 'list' | 'add' | 'remove' | 'runNow'>;
}

export function createHandlers(deps: ApiDeps): Handlers {
  return {
    'app.info': () => ({ name: 'Vigil', hostname: hostname(), platform: process.platform, ...deps.info() }),
    'config.get': () => deps.config.value,
    'config.update': (patch) => deps.config.update(patch),
    'monitor.latest': () => deps.latestSample(),
    'monitor.history': ({ series, from, to, points }) => deps.monitor.history(series, from, to, points),
    'monitor.series': () => deps.monitor.seriesNames(),
    'monitor.hardware': () => deps.monitor.hardware(),
    'drift.columns': ({ reference, current }) => deps.drift.columns(reference, current),
    'drift.run': ({ runId, ...request }) => deps.drift.run(request, runId),
    'drift.history': (input) => deps.drift.history(input?.limit),
    'drift.get': ({ id }) => deps.drift.get(id),
    'drift.report': ({ id }) => deps.drift.reportHtml(id),
    'alerts.open': () => deps.alerts.open(),
    'alerts.history': (filter) => deps.alerts.history(filter ?? {}),
    'alerts.ack': ({ id, untilMs }) => deps.alerts.acknowledge(id, untilMs),
    'alerts.silence': (input) => deps.alerts.silence(input),
    'alerts.notifications': () => deps.alerts.notifications(),
    'alerts.silences': () => deps.alerts.silences(),
    'monitor.removeModel': ({ model }) => ({ removed: deps.monitor.removeModel(model) }),
    'alerts.test': ({ channel }) => deps.alerts.test(channel),
    'alerts.actions': ({ id }) => deps.alerts.actions.outputs(id),
    'backup.run': ({ kind, source }) => deps.backup.run(kind, source),
    'backup.list': () => deps.backup.list(),
    'backup.status': () => ({ next: deps.backup.nextRuns(), running: deps.backup.busy, destination: deps.backup.destination, ...deps.backup.space(), retention: deps.config.value.backup.retention, lastRetention: deps.backup.lastRetention }),
    'backup.sources': () => deps.backup.sources(),
    'backup.checkFolder': ({ path }) => folderProblem(path),
    'backup.saveSource': ({ previousName, source }) => {
      deps.config.update({ backup: { sources: withSource(deps.config.value.backup.sources, source, previousName) } });
      return deps.backup.sources();
    },
    'backup.pickFolder': () => {
      throw new AppError('unavailable', 'a folder dialog exists only in the desktop app: type the folder path');
    },
    'backup.removeSource': ({ name }) => {
      deps.config.update({ backup: { sources: withoutSource(deps.config.value.backup.sources, name) } });
      return deps.backup.sources();
    },
    'backup.files': ({ id, search, limit }) => deps.backup.files(id, search, limit),
    'backup.verify': (input) => deps.backup.verify(input?.id),
    'backup.restore': ({ id, to, paths }) => deps.backup.restore(id, to, paths),
    'backup.prune': ({ dryRun }) => deps.backup.prune(dryRun),
    'drift.watches.list': () => deps.watches.list(),
    'drift.watches.add': (input) => deps.watches.add(input),
    'drift.watches.remove': ({ watch }) => deps.watches.remove(watch),
    'drift.watches.run': ({ watch }) => deps.watches.runNow(watch),
    'foresight.outlook': () => deps.foresight.outlook(),
  };
}

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

/** Validates the method name and input against the contract before any handler runs. */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return fail('invalid_request', `unknown method ${JSON.stringify(method)}`);
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) {
      return fail('invalid_request', `invalid input for ${method}: ${z.prettifyError(parsed.error)}`);
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof AppError) return fail(error.code, error.message);
      if (error instanceof ConfigError) return fail('invalid_request', error.message);
      console.error(`${method} failed:`, error);
      return fail('internal', `${method} failed: ${(error as Error).message ?? String(error)}`);
    }
  };
}
