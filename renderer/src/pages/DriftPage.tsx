import { NotBuiltYet } from '../components/NotBuiltYet';

export function DriftPage() {
  return (
    <div className="page">
      <NotBuiltYet engine="drift">
        Drop a reference and a current dataset (CSV, Parquet, JSON Lines) here to see which features drifted, a heatmap of
        features by day, and what to do about it.
      </NotBuiltYet>
    </div>
  );
}
