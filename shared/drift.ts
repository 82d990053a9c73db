import { z } from 'zod';

export const driftLevels = ['NO_DRIFT', 'MILD_DRIFT', 'MODERATE_DRIFT', 'SEVERE_DRIFT', 'INSUFFICIENT_DATA'] as const;
export const DriftLevel = z.enum(driftLevels);
export type DriftLevel = z.infer<typeof DriftLevel>;

/** Severity order of the tested levels; INSUFFICIENT_DATA is not on this scale. */
export const levelRank: Record<DriftLevel, number> = {
  INSUFFICIENT_DATA: -1,
  NO_DRIFT: 0,
  MILD_DRIFT: 1,
  MODERATE_DRIFT: 2,
  SEVERE_DRIFT: 3,
};

export const FeatureKind = z.enum(['numerical', 'categorical']);
export type FeatureKind = z.infer<typeof FeatureKind>;

/** Compact shapes of both sides for the chart that overlays the two distributions. */
export const Distribution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('histogram'), edges: z.array(z.number()), reference: z.array(z.number()), current: z.array(z.number()) }),
  z.object({ kind: z.literal('categories'), categories: z.array(z.string()), reference: z.array(z.number()), current: z.array(z.number()) }),
]);
export type Distribution = z.infer<typeof Distribution>;

export const FeatureResult = z.object({
  name: z.string(),
  kind: FeatureKind,
  /** Non-missing values on each side. */
  referenceCount: z.number(),
  currentCount: z.number(),
  /** Share of missing values, 0..1. */
  missing: z.object({ reference: z.number(), current: z.number() }),
  ks: z.object({ statistic: z.number(), pValue: z.number(), method: z.enum(['exact', 'asymptotic']) }).optional(),
  wasserstein: z.object({ distance: z.number(), normed: z.number() }).optional(),
  chiSquare: z.object({ statistic: z.number(), pValue: z.number(), dof: z.number() }).optional(),
  jensenShannon: z.number().optional(),
  psi: z.number().nullable(),
  /** The raw p-value behind the level (KS or chi-squared); null when not tested. */
  pValue: z.number().nullable(),
  /** Benjamini–Hochberg across the features of this run. */
  pValueAdjusted: z.number().nullable(),
  level: DriftLevel,
  recommendation: z.string(),
  /** Findings beside the level, such as a change in the share of missing values. */
  findings: z.array(z.string()),
  distribution: Distribution.nullable(),
});
export type FeatureResult = z.infer<typeof FeatureResult>;

export const DatasetVerdict = z.object({
  featureCount: z.number(),
  driftedCount: z.number(),
  driftedShare: z.number(),
  /** The dataset verdict: the share of drifted tested features reached `driftShareRule`. */
  drifted: z.boolean(),
  /** The worst feature's level, a separate fact from `drifted`. */
  level: DriftLevel,
  recommendation: z.string(),
  /** Features with enough values to be tested (older runs lack it). */
  testedCount: z.number().optional(),
  /** The share of drifted features that makes the dataset drifted (older runs lack it). */
  driftShareRule: z.number().optional(),
  /** The feature with the worst level (the smallest p-value among equals); null when none was tested. */
  worstFeature: z.object({ name: z.string(), level: DriftLevel }).nullable().optional(),
});
export type DatasetVerdict = z.infer<typeof DatasetVerdict>;

export const WindowFeature = z.object({
  name: z.string(),
  level: DriftLevel,
  psi: z.number().nullable(),
  pValue: z.number().nullable(),
  currentCount: z.number(),
});

export const DriftWindow = z.object({
  start: z.number(),
  end: z.number(),
  rows: z.number(),
  features: z.array(WindowFeature),
});
export type DriftWindow = z.infer<typeof DriftWindow>;

export const TimeRange = z.object({ start: z.number(), end: z.number() });

/** What a column shared by both files is: a feature, or one of the kinds that are not tested unless asked. */
export const ColumnRole = z.enum(['feature', 'identifier', 'timestamp', 'constant']);
export type ColumnRole = z.infer<typeof ColumnRole>;

export const SkippedColumn = z.object({ name: z.string(), role: ColumnRole.exclude(['feature']), reason: z.string() });
export type SkippedColumn = z.infer<typeof SkippedColumn>;

/** How a file was read: what was detected or given for it. */
export const DatasetInput = z.object({
  name: z.string(),
  rows: z.number(),
  /** SHA-256 of the file's bytes as stored (compressed, if it is). */
  sha256: z.string().optional(),
  /** How it was read, in words ("CSV, UTF-8, ';' between fields, decimal comma, header row"). */
  format: z.string().optional(),
});

/** The thresholds a run used, so a report explains its levels on its own. */
export const ThresholdsUsed = z.object({
  minSamples: z.number(),
  pValue: z.object({ mild: z.number(), moderate: z.number(), severe: z.number() }),
  effect: z.object({ mild: z.number(), moderate: z.number(), severe: z.number() }),
  psi: z.object({ mild: z.number(), moderate: z.number(), severe: z.number() }),
  missingShareChange: z.number(),
  datasetDriftShare: z.number(),
});
export type ThresholdsUsed = z.infer<typeof ThresholdsUsed>;

export const DriftReport = z.object({
  id: z.number().nullable(),
  createdAt: z.number(),
  durationMs: z.number(),
  reference: DatasetInput,
  current: DatasetInput,
  timestamp: z
    .object({
      column: z.string(),
      /** Null when the reference has no rows in the period before the detection window and is used whole. */
      referenceWindow: TimeRange.nullable(),
      detectionWindow: TimeRange,
    })
    .nullable(),
  features: z.array(FeatureResult),
  dataset: DatasetVerdict,
  windows: z.array(DriftWindow),
  /** Shared columns that were not tested, and why (older runs lack it). */
  skipped: z.array(SkippedColumn).optional(),
  thresholds: ThresholdsUsed.optional(),
  /** The drift watch that ran this check (absent: a run someone started). */
  watch: z.object({ id: z.number(), name: z.string() }).optional(),
});
export type DriftReport = z.infer<typeof DriftReport>;

/** A dataset to compare: a path on this machine (CLI, Electron drop) or a file uploaded to the host. */
export const DatasetSource = z.union([
  z.object({ path: z.string().min(1) }),
  z.object({ upload: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an upload id') }),
]);
export type DatasetSource = z.infer<typeof DatasetSource>;

/** How to read CSV/TSV text; each field overrides what is detected from the start of the file. */
export const ReadOptions = z.object({
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  quote: z.enum(['"', "'"]).optional(),
  decimal: z.enum(['.', ',']).optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1']).optional(),
  header: z.boolean().optional(),
});
export type ReadOptions = z.infer<typeof ReadOptions>;

export const DriftOptions = z.object({
  timestamp: z.string().min(1).optional(),
  categorical: z.array(z.string()).optional(),
  numerical: z.array(z.string()).optional(),
  referenceDays: z.number().positive().optional(),
  detectionDays: z.number().positive().optional(),
  chunkHours: z.number().positive().optional(),
  /** For both files, when they are delimited text. */
  read: ReadOptions.optional(),
});
export type DriftOptions = z.infer<typeof DriftOptions>;

export const DriftRequest = z.object({ reference: DatasetSource, current: DatasetSource, options: DriftOptions.default({}) });
export type DriftRequest = z.infer<typeof DriftRequest>;

/** What the Drift page shows before a run: each shared column with its inferred kind. */
export const DriftColumns = z.object({
  columns: z.array(z.object({ name: z.string(), kind: FeatureKind, timestampLike: z.boolean(), role: ColumnRole.optional() })),
  referenceRows: z.number(),
  currentRows: z.number(),
});
export type DriftColumns = z.infer<typeof DriftColumns>;

export const DriftRunSummary = z.object({
  id: z.number(),
  createdAt: z.number(),
  reference: z.string(),
  current: z.string(),
  featureCount: z.number(),
  driftedCount: z.number(),
  level: DriftLevel,
  /** The drift watch that ran it, when one did. */
  watch: z.string().optional(),
});
export type DriftRunSummary = z.infer<typeof DriftRunSummary>;

export const DriftProgress = z.object({
  runId: z.string(),
  phase: z.enum(['loading', 'testing', 'done']),
  done: z.number(),
  total: z.number(),
  feature: z.string().optional(),
});
export type DriftProgress = z.infer<typeof DriftProgress>;
