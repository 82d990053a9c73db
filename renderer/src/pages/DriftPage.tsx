import { useEffect, useState } from 'react';
import { DistributionChart } from '../components/DistributionChart';
import { DriftHeatmap } from '../components/DriftHeatmap';
import { DriftResultsTable } from '../components/DriftResultsTable';
import { DatasetPaths } from '../components/DatasetPaths';
import { DropZone } from '../components/DropZone';
import { DriftWatches } from '../components/DriftWatches';
import { LevelBadge } from '../components/LevelBadge';
import { formatTime } from '../format';
import { datasetVerdictSentence, worstFeatureSentence } from '../../../shared/drift-verdict';
import { useDrift, type ColumnChoice } from '../stores/drift-store';
import { useNavigation } from '../stores/navigation-store';
import { idParam } from '../route';

export function DriftPage() {
  const drift = useDrift();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => void useDrift.getState().loadHistory(), []);
  // `#/drift?run=ID` opens that past run.
  const run = idParam(useNavigation((s) => s.params), 'run');
  useEffect(() => {
    if (run !== null) void useDrift.getState().open(run);
  }, [run]);
  const report = drift.report;
  const feature = report?.features.find((f) => f.name === selected) ?? report?.features[0] ?? null;

  return (
    <div className="page drift">
      <div className="grid two">
        <DropZone label="Reference" testId="drop-reference" picked={drift.reference?.name ?? null} onFile={(f) => void drift.pick('reference', f)} />
        <DropZone label="Current" testId="drop-current" picked={drift.current?.name ?? null} onFile={(f) => void drift.pick('current', f)} />
      </div>
      <DatasetPaths />

      {drift.error && (
        <div className="card error" role="alert">
          {drift.error}
        </div>
      )}
      {drift.busy && (
        <div className="card" role="status">
          {drift.busy}
          {drift.progress?.phase === 'testing' && (
            <>
              <progress max={drift.progress.total} value={drift.progress.done} aria-label="Features tested" />
              {drift.progress.done}/{drift.progress.total} features
            </>
          )}
        </div>
      )}

      {drift.columns && (
        <section className="card">
          <h3>
            Columns ({drift.columns.referenceRows} reference rows, {drift.columns.currentRows} current rows)
          </h3>
          <div className="columns">
            {drift.columns.columns.map((c) => (
              <div key={c.name} className="column-choice">
                <span>{c.name}</span>
                <select aria-label={`kind of ${c.name}`} value={drift.kinds[c.name]} disabled={drift.timestamp === c.name} onChange={(e) => drift.setKind(c.name, e.target.value as ColumnChoice)}>
                  {c.role && c.role !== 'feature' && <option value="skip">not tested ({c.role})</option>}
                  <option value="numerical">numerical</option>
                  <option value="categorical">categorical</option>
                </select>
                <label>
                  <input type="radio" name="timestamp" checked={drift.timestamp === c.name} onChange={() => drift.setTimestamp(c.name)} /> time
                </label>
              </div>
            ))}
            <label className="column-choice">
              <input type="radio" name="timestamp" checked={drift.timestamp === null} onChange={() => drift.setTimestamp(null)} /> no time column
            </label>
          </div>
          <div className="actions">
            <button type="button" disabled={drift.busy !== null} onClick={() => void drift.run()}>
              Compare
            </button>
          </div>
        </section>
      )}

      {report && (
        <>
          <section className="card verdict" data-testid="drift-verdict">
            <h3>
              {report.reference.name} → {report.current.name}
            </h3>
            <p data-testid="dataset-verdict">{datasetVerdictSentence(report.dataset)}</p>
            <p data-testid="worst-feature">
              <LevelBadge level={report.dataset.level} /> {worstFeatureSentence(report.dataset)}
            </p>
            <p>{report.dataset.recommendation}</p>
            {report.id !== null && (
              <div className="actions">
                <button type="button" onClick={() => void drift.exportReport(report.id!)}>
                  Export report
                </button>
              </div>
            )}
            {(report.skipped ?? []).length > 0 && (
              <ul className="skipped" data-testid="skipped-columns" aria-label="Columns not tested">
                {report.skipped!.map((s) => (
                  <li key={s.name}>
                    {s.name} ({s.role}): {s.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {report.windows.length > 0 && (
            <section className="card" data-testid="drift-heatmap">
              <h3>By day ({report.timestamp?.column})</h3>
              <DriftHeatmap report={report} />
            </section>
          )}
          <section className="card">
            <DriftResultsTable features={report.features} selected={feature?.name ?? null} onSelect={setSelected} />
          </section>
          {feature && (
            <section className="card" data-testid="feature-detail">
              <h3>
                {feature.name} <LevelBadge level={feature.level} />
              </h3>
              {feature.distribution && <DistributionChart distribution={feature.distribution} name={feature.name} />}
              <p>{feature.recommendation}</p>
              {feature.findings.map((finding) => (
                <p key={finding} className="finding">
                  {finding}
                </p>
              ))}
            </section>
          )}
        </>
      )}

      <DriftWatches />

      {drift.history.length > 0 && (
        <section className="card">
          <h3>Past runs</h3>
          <ul className="history">
            {drift.history.map((run) => (
              <li key={run.id}>
                <button type="button" className="link" onClick={() => void drift.open(run.id)}>
                  {formatTime(run.createdAt)} · {run.reference} → {run.current}
                </button>{' '}
                {run.watch && <span className="detail">watch {run.watch} · </span>}
                <LevelBadge level={run.level} /> {run.driftedCount}/{run.featureCount}{' '}
                <button type="button" className="link" aria-label={`Export report of run ${run.id}`} onClick={() => void drift.exportReport(run.id)}>
                  export
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
