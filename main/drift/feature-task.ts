/** What a worker needs to test one feature: row-aligned values, and times when windows apply. */
export interface TimeRange {
  start: number;
  end: number;
}

interface TaskTimes {
  referenceTimes?: Float64Array;
  currentTimes?: Float64Array;
  /** Rows of the reference inside this range, when the reference is windowed. */
  referenceWindow?: TimeRange | null;
  /** Rows of the current side inside this range are tested as a whole… */
  detectionWindow?: TimeRange;
  /** …and chunk by chunk for the heatmap. */
  chunks?: TimeRange[];
}

export interface NumericalTask extends TaskTimes {
  kind: 'numerical';
  name: string;
  /** NaN where missing. */
  reference: Float64Array;
  current: Float64Array;
  /** The same values ascending, NaN left out, where a worker sorted them already (used only when no window applies). */
  referenceSorted?: Float64Array;
  currentSorted?: Float64Array;
}

export interface CategoricalTask extends TaskTimes {
  kind: 'categorical';
  name: string;
  categories: string[];
  /** Codes into `categories`; −1 where missing. */
  reference: Int32Array;
  current: Int32Array;
}

export type FeatureTask = NumericalTask | CategoricalTask;
