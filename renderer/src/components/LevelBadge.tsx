import type { DriftLevel } from '../../../shared/drift';

export const levelColors: Record<DriftLevel, string> = {
  NO_DRIFT: '#2f6f4f',
  MILD_DRIFT: '#b59a1f',
  MODERATE_DRIFT: '#d9731c',
  SEVERE_DRIFT: '#d23c3c',
  INSUFFICIENT_DATA: '#555f6b',
};

export const levelNames: Record<DriftLevel, string> = {
  NO_DRIFT: 'No drift',
  MILD_DRIFT: 'Mild',
  MODERATE_DRIFT: 'Moderate',
  SEVERE_DRIFT: 'Severe',
  INSUFFICIENT_DATA: 'Too few values',
};

export function LevelBadge({ level }: { level: DriftLevel }) {
  return (
    <span className="badge" style={{ background: levelColors[level] }} data-level={level}>
      {levelNames[level]}
    </span>
  );
}
