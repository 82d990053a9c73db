import { z } from 'zod';
import { WatchesOutlook } from './drift-watch';

/** One anomalous step of a stored series. */
export const Anomaly = z.object({
  series: z.string(),
  at: z.number(),
  value: z.number(),
  expected: z.number(),
  /** Distance from the expected value in robust standard deviations. */
  score: z.number(),
});
export type Anomaly = z.infer<typeof Anomaly>;

export const TimeToFull = z.object({
  mount: z.string(),
  /** Free bytes on the fitted line now. */
  availableBytes: z.number(),
  /** Change of free bytes per second: negative while the filesystem fills. */
  bytesPerSecond: z.number(),
  /** null: not filling. */
  secondsToFull: z.number().nullable(),
});
export type TimeToFull = z.infer<typeof TimeToFull>;

/** Out-of-memory ahead on one GPU, and the process whose memory grows fastest. */
export const GpuMemoryForecast = z.object({
  gpu: z.number(),
  availableBytes: z.number(),
  bytesPerSecond: z.number(),
  secondsToFull: z.number().nullable(),
  /** null when the GPU is not filling or no process grew. */
  process: z.object({ pid: z.number(), name: z.string(), bytesPerSecond: z.number() }).nullable(),
});
export type GpuMemoryForecast = z.infer<typeof GpuMemoryForecast>;

/** A process holding memory on NVIDIA GPUs, followed from one nvidia-smi reading to the next. */
export const GpuProcessRun = z.object({
  pid: z.number(),
  name: z.string(),
  /** From /proc/PID/cmdline when it was first seen; null when it could not be read. */
  commandLine: z.string().nullable(),
  /** Indexes of the GPUs it holds memory on. */
  gpus: z.array(z.number()),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** Its largest memory use, all its GPUs together; null when nvidia-smi never reported it. */
  peakMemoryBytes: z.number().nullable(),
  /** When its GPUs went under the stall threshold; null while they are busy. */
  idleSince: z.number().nullable(),
  stalled: z.boolean(),
});
export type GpuProcessRun = z.infer<typeof GpuProcessRun>;

/** A training run that may be stalled: a GPU process on idle GPUs, or a reporting run whose step stopped. */
export const StalledRun = z.object({
  source: z.enum(['gpu', 'ingest']),
  /** "/usr/bin/python3 (pid 48213)", or the run's model name. */
  name: z.string(),
  /** Since when it has made no progress. */
  since: z.number(),
  /** The command line, or what the run last reported. */
  detail: z.string(),
});
export type StalledRun = z.infer<typeof StalledRun>;

/** What the Overview's Outlook card shows: trouble on its way. */
export const Outlook = z.object({
  /** The last hour's anomalies, newest first. */
  anomalies: z.array(Anomaly),
  /** One forecast per mount with enough history, nearest to full first. */
  timeToFull: z.array(TimeToFull),
  /** One forecast per GPU with enough history, nearest to full first. */
  gpuMemory: z.array(GpuMemoryForecast),
  backupDestination: z.object({ path: z.string(), mount: z.string().nullable(), secondsToFull: z.number().nullable() }),
  nextBackupAt: z.number().nullable(),
  /** The drift watches: how many, which drift (MODERATE or worse) or fail, and the next scheduled check. */
  watches: WatchesOutlook,
  /** Training runs that may be stalled, longest first. */
  stalledRuns: z.array(StalledRun),
});
export type Outlook = z.infer<typeof Outlook>;

/** "about 3 h", "about 40 min", "about 5 days": a forecast is never more precise than that. */
export function describeDuration(seconds: number): string {
  if (seconds < 90 * 60) return `about ${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 48 * 3600) return `about ${Math.round(seconds / 3600)} h`;
  return `about ${Math.round(seconds / 86_400)} days`;
}

/** "3 h 12 min", "45 min", "20 s": how long a run ran. */
export function describeRunDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The mount a path lives on: the longest mount point that contains it. */
export function mountContaining(path: string, mounts: readonly string[]): string | null {
  let best: string | null = null;
  for (const mount of mounts) {
    const inside = path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (inside && (best === null || mount.length > best.length)) best = mount;
  }
  return best;
}
