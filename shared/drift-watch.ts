import { z } from 'zod';
import { DatasetSource, DriftLevel, DriftOptions } from './drift';

/** Which files of a folder or glob make the current dataset. */
export const WatchSelect = z.discriminatedUnion('mode', [
  /** The most recently modified file. */
  z.object({ mode: z.literal('newest') }),
  /** Every file modified in the last `days` days, read as one dataset. */
  z.object({ mode: z.literal('recent'), days: z.number().positive().max(3650) }),
]);
export type WatchSelect = z.infer<typeof WatchSelect>;

const WatchName = z
  .string()
  .trim()
  .min(1, 'give the watch a name')
  .max(80)
  .regex(/^[^\s"\\][^"\\]*$/, 'a watch name has no quotes or backslashes');

/** A drift check that runs on its own: a reference against a current file, folder or glob. */
export const DriftWatchInput = z.object({
  name: WatchName,
  /** A path (copied into the data directory, so the watch keeps it) or an upload to the host. */
  reference: DatasetSource,
  /** A file, a folder, or a glob (`*`, `?` and `[...]` classes within a path segment). */
  current: z.string().trim().min(1, 'give the current file, folder or glob').max(4096),
  select: WatchSelect.default({ mode: 'newest' }),
  /** Minutes between scheduled checks; null: only when the current data changes. */
  intervalMinutes: z.number().int().min(1).max(525_600).nullable().default(60),
  /** Also check when the current data changes. */
  onChange: z.boolean().default(true),
  options: DriftOptions.default({}),
  /** Read only files inside the current folder the path was confined to (the host sets it for browser calls). */
  confined: z.boolean().default(false),
});
export type DriftWatchInput = z.input<typeof DriftWatchInput>;
export type DriftWatchRequest = z.output<typeof DriftWatchInput>;

/** One point of a watch's history, for its sparkline. */
export const WatchPoint = z.object({ runId: z.number(), at: z.number(), driftedShare: z.number(), level: DriftLevel });
export type WatchPoint = z.infer<typeof WatchPoint>;

export const DriftWatch = z.object({
  id: z.number(),
  name: z.string(),
  /** Where the watch keeps its copy of the reference, and the name it came with. */
  reference: z.object({ path: z.string(), name: z.string() }),
  current: z.string(),
  select: WatchSelect,
  intervalMinutes: z.number().nullable(),
  onChange: z.boolean(),
  options: DriftOptions,
  createdAt: z.number(),
  /** Added over the network: only files inside the current folder it was confined to are read. */
  confined: z.boolean(),
  /** The last check that produced a result (null: none yet). */
  last: z
    .object({ runId: z.number(), at: z.number(), level: DriftLevel, drifted: z.boolean(), driftedShare: z.number(), current: z.string() })
    .nullable(),
  /** The last check's error, when the last check failed. */
  error: z.object({ at: z.number(), message: z.string() }).nullable(),
  lastCheckAt: z.number().nullable(),
  nextRunAt: z.number().nullable(),
  running: z.boolean(),
  /** The dataset drift share of the recent checks, oldest first. */
  history: z.array(WatchPoint),
});
export type DriftWatch = z.infer<typeof DriftWatch>;

/** The watches at a glance, for the Outlook card. */
export const WatchesOutlook = z.object({
  count: z.number(),
  drifting: z.array(z.string()),
  failing: z.array(z.string()),
  nextRunAt: z.number().nullable(),
});
export type WatchesOutlook = z.infer<typeof WatchesOutlook>;
