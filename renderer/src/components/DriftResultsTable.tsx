import { useState } from 'react';
import { levelRank, type FeatureResult } from '../../../shared/drift';
import { LevelBadge } from './LevelBadge';

type SortKey = 'level' | 'psi' | 'pValue' | 'name';

const compare: Record<SortKey, (a: FeatureResult, b: FeatureResult) => number> = {
  level: (a, b) => levelRank[b.level] - levelRank[a.level] || (a.pValue ?? 1) - (b.pValue ?? 1),
  psi: (a, b) => (b.psi ?? -1) - (a.psi ?? -1),
  pValue: (a, b) => (a.pValue ?? 2) - (b.pValue ?? 2),
  name: (a, b) => a.name.localeCompare(b.name),
};

export function DriftResultsTable({ features, selected, onSelect }: { features: FeatureResult[]; selected: string | null; onSelect: (name: string) => void }) {
  const [sort, setSort] = useState<SortKey>('level');
  const rows = [...features].sort(compare[sort]);
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort === key ? 'descending' : 'none'}>
      <button type="button" className="link" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    <table className="results" data-testid="drift-table">
      <thead>
        <tr>
          {header('name', 'Feature')}
          <th>Kind</th>
          {header('level', 'Drift')}
          {header('pValue', 'p-value')}
          <th>Adjusted</th>
          <th>Effect</th>
          {header('psi', 'PSI')}
          <th>Missing</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.name} className={f.name === selected ? 'selected' : undefined} onClick={() => onSelect(f.name)}>
            <td>{f.name}</td>
            <td>{f.kind}</td>
            <td>
              <LevelBadge level={f.level} />
            </td>
            <td>{p(f.pValue)}</td>
            <td>{p(f.pValueAdjusted)}</td>
            <td>{num(f.kind === 'numerical' ? f.wasserstein?.normed : f.jensenShannon)}</td>
            <td>{num(f.psi)}</td>
            <td>{(100 * f.missing.current).toFixed(1)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function p(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '≈0';
  return value < 1e-4 ? value.toExponential(1) : value.toFixed(4);
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}
