import type { Config } from '../../shared/config';
import type { DatasetSource, DriftColumns, DriftProgress, DriftReport, DriftRequest, DriftRunSummary } from '../../shared/drift';
import { AppError } from '../../shared/result';
import type { DriftRunRepository } from '../store/drift-runs';
import { WorkerPool } from '../workers/worker-pool';
import { detectDrift } from './detect';
import { loadInWorker, type DatasetFile } from './load-in-worker';
import type { Table } from './load/table';
import { columnRole, looksLikeTimestamp } from './column-roles';
import { inferKind } from './feature-typing';
import { driftReportHtml, reportFileName } from './report/html';
import type { UploadFolder } from './upload-folder';
import { refusingBadDatasets } from './dataset-refusal';

export interface DriftEngineDeps {
  runs: DriftRunRepository;
  thresholds: () => Config['drift'];
  uploads: UploadFolder;
  onProgress: (progress: DriftProgress) => void;
  /** A finished run, for whoever listens (the alert engine, through app.ts). */
  onCompleted: (report: DriftReport) => void;
  /** Worker threads; defaults to one per core. */
  workers?: number;
  /** Drift workers the caller started already (`vigil drift` starts them before it loads the app). */
  pool?: WorkerPool;
}

/** The drift engine as the rest of the app sees it: run, inspect, history. */
export class DriftEngine {
  private readonly pool: WorkerPool;

  constructor(private readonly deps: DriftEngineDeps) {
    this.pool = deps.pool ?? new WorkerPool('drift/drift-worker', deps.workers);
  }

  async run(request: DriftRequest, runId = `run-${Date.now()}`): Promise<DriftReport> {
    const [reference, current] = await Promise.all([this.file(request.reference), this.file(request.current)]);
    return this.runFiles({ reference, current, options: request.options }, runId);
  }

  /**
   * A run over files found by the caller (a drift watch, `vigil drift`), stored and reported like
   * any other. `loadTable`: the caller's loads of those files, when it started them itself.
   */
  async runFiles(
    request: { reference: DatasetFile; current: DatasetFile; options: DriftRequest['options']; watch?: DriftReport['watch'] },
    runId = `run-${Date.now()}`,
    loadTable?: (file: DatasetFile) => Promise<Table>,
  ): Promise<DriftReport> {
    const { reference, current } = request;
    const thresholds = this.deps.thresholds();
    const report = await refusingBadDatasets(() =>
      detectDrift({
        reference,
        current,
        options: request.options,
        thresholds,
        pool: this.pool,
        loadTable,
        onProgress: (p) => this.deps.onProgress({ runId, ...p }),
      }),
    );
    const saved = this.deps.runs.save(request.watch ? { ...report, watch: request.watch } : report, thresholds.maxResults);
    this.deps.onProgress({ runId, phase: 'done', done: report.features.length, total: report.features.length });
    this.deps.onCompleted(saved);
    return saved;
  }

  /** The columns both files share and the kind each would be tested as, before a run. */
  async columns(referenceSource: DatasetSource, currentSource: DatasetSource): Promise<DriftColumns> {
    const [refFile, curFile] = await Promise.all([this.file(referenceSource), this.file(currentSource)]);
    const [reference, current] = await refusingBadDatasets(() => Promise.all([loadInWorker(this.pool, refFile), loadInWorker(this.pool, curFile)]));
    const byName = new Map(current.columns.map((c) => [c.name, c]));
    return {
      columns: reference.columns
        .filter((c) => byName.has(c.name))
        .map((c) => ({
          name: c.name,
          kind: inferKind(c, byName.get(c.name)!),
          timestampLike: looksLikeTimestamp(c),
          role: columnRole(c, byName.get(c.name)!) ?? 'feature',
        })),
      referenceRows: reference.rows,
      currentRows: current.rows,
    };
  }

  history(limit?: number): DriftRunSummary[] {
    return this.deps.runs.list(limit);
  }

  get(id: number): DriftReport {
    const report = this.deps.runs.get(id);
    if (!report) throw new AppError('not_found', `no drift run ${id}`);
    return report;
  }

  /** A stored run as a self-contained HTML report, with a file name to save it under. */
  reportHtml(id: number): { fileName: string; html: string } {
    const report = this.get(id);
    return { fileName: reportFileName(report), html: driftReportHtml(report) };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async file(source: DatasetSource): Promise<DatasetFile> {
    if ('path' in source) return { path: source.path, name: source.path };
    return refusingBadDatasets(() => this.deps.uploads.resolve(source.upload));
  }

}
