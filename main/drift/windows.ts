import { DatasetError } from './load/table';
import type { TimeRange } from './feature-task';

const hour = 3_600_000;
const day = 24 * hour;

export interface WindowPlan {
  detectionWindow: TimeRange;
  referenceWindow: TimeRange | null;
  chunks: TimeRange[];
}

/**
 * The detection window is the last `detectionDays` of the current data, split into chunks aligned
 * to whole chunk lengths (UTC midnights for daily chunks); the reference is the `referenceDays`
 * before it, when the reference has rows there, else the whole reference (a training set from long
 * ago, say).
 */
export function planWindows(
  currentTimes: Float64Array,
  referenceTimes: Float64Array | undefined,
  options: { referenceDays: number; detectionDays: number; chunkHours: number },
): WindowPlan {
  let newest = -Infinity;
  for (const t of currentTimes) if (t > newest) newest = t;
  if (!Number.isFinite(newest)) throw new DatasetError('the timestamp column holds no times');
  const chunk = options.chunkHours * hour;
  const end = (Math.floor(newest / chunk) + 1) * chunk;
  const start = end - Math.ceil((options.detectionDays * day) / chunk) * chunk;
  const chunks: TimeRange[] = [];
  for (let s = start; s < end; s += chunk) chunks.push({ start: s, end: s + chunk });

  const candidate = { start: start - options.referenceDays * day, end: start };
  let referenceWindow: TimeRange | null = null;
  if (referenceTimes) {
    for (const t of referenceTimes) {
      if (t >= candidate.start && t < candidate.end) {
        referenceWindow = candidate;
        break;
      }
    }
  }
  return { detectionWindow: { start, end }, referenceWindow, chunks };
}
