import { z } from 'zod';

const Rate = z.number().nullable(); // null until a second reading gives a rate

export const DiskUsage = z.object({
  mount: z.string(),
  device: z.string(),
  fstype: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  /** Free for unprivileged users (what `df` calls Avail). */
  availableBytes: z.number(),
  usedPercent: z.number(),
});

export const GpuProcess = z.object({ pid: z.number(), name: z.string(), memoryBytes: z.number().nullable() });

export const GpuSample = z.object({
  index: z.number(),
  uuid: z.string(),
  name: z.string(),
  utilization: z.number().nullable(),
  memoryUtilization: z.number().nullable(),
  memoryUsedBytes: z.number().nullable(),
  memoryTotalBytes: z.number().nullable(),
  temperature: z.number().nullable(),
  powerWatts: z.number().nullable(),
  powerLimitWatts: z.number().nullable(),
  smClockMHz: z.number().nullable(),
  memoryClockMHz: z.number().nullable(),
  fanPercent: z.number().nullable(),
  pstate: z.string().nullable(),
  /** Active clock throttle reasons by name; empty when none, null when not reported. */
  throttleReasons: z.array(z.string()).nullable(),
  processes: z.array(GpuProcess),
});
export type GpuSample = z.infer<typeof GpuSample>;

export const ModelSnapshot = z.object({
  model: z.string(),
  predictionsPerSecond: z.number(),
  /** Errors / predictions over the last minute, 0..1; null without predictions. */
  errorRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).nullable(),
  predictionsTotal: z.number(),
  errorsTotal: z.number(),
  gauges: z.record(z.string(), z.number()),
  lastSeenAt: z.number(),
});
export type ModelSnapshot = z.infer<typeof ModelSnapshot>;

export const ProcessUsage = z.object({ pid: z.number(), name: z.string(), cpuPercent: z.number(), memoryBytes: z.number() });

export const CollectorStatus = z.object({ ok: z.boolean(), error: z.string().nullable(), lastOkAt: z.number().nullable() });

/** One tick of the system monitor. */
export const MonitorSample = z.object({
  at: z.number(),
  cpu: z.object({
    /** 0..100, all cores together. */
    total: z.number(),
    perCore: z.array(z.number()),
    load: z.object({ one: z.number(), five: z.number(), fifteen: z.number() }).nullable(),
  }),
  memory: z.object({
    totalBytes: z.number(),
    /** total − available: page cache is not counted as used. */
    usedBytes: z.number(),
    swapTotalBytes: z.number(),
    swapUsedBytes: z.number(),
  }),
  disks: z.array(DiskUsage),
  diskIo: z.array(z.object({ device: z.string(), readBytesPerSecond: Rate, writeBytesPerSecond: Rate })),
  network: z.array(z.object({ interface: z.string(), rxBytesPerSecond: Rate, txBytesPerSecond: Rate })),
  /** "absent": no NVIDIA GPU or no nvidia-smi, a normal state. */
  gpu: z.object({ state: z.enum(['ok', 'absent', 'starting', 'failed']), message: z.string().nullable(), devices: z.array(GpuSample) }),
  models: z.array(ModelSnapshot),
  /** The busiest processes, refreshed at a slower cadence. */
  processes: z.object({ at: z.number(), byCpu: z.array(ProcessUsage), byMemory: z.array(ProcessUsage) }).nullable(),
  /** Each collector's health: a failing one is reported, the others carry on. */
  collectors: z.record(z.string(), CollectorStatus),
  /** How late Vigil's own event loop ran since the previous sample (absent from one-off samples). */
  eventLoopLagMs: z.object({ mean: z.number(), p50: z.number(), p99: z.number(), max: z.number() }).optional(),
});
export type MonitorSample = z.infer<typeof MonitorSample>;

/** What training or serving code posts to /api/v1/ingest (one object or an array of them). */
export const IngestRecord = z.strictObject({
  model: z.string().regex(/^[\w.:/-]{1,100}$/, 'letters, digits and . _ : / - only, at most 100'),
  predictions: z.number().int().min(0).max(1e9).optional(),
  errors: z.number().int().min(0).max(1e9).optional(),
  // One pass over the array for the range instead of two checks per element: the hot path of ingest.
  latency_ms: z
    .array(z.number())
    .max(100_000)
    .check((ctx) => {
      const index = ctx.value.findIndex((ms) => !(ms >= 0 && ms <= 3.6e6));
      if (index >= 0) ctx.issues.push({ code: 'custom', message: `latency ${ctx.value[index]} (at ${index}) is outside 0 to 3 600 000 ms`, input: ctx.value });
    })
    .optional(),
  gauges: z.record(z.string().regex(/^[A-Za-z_][\w]{0,99}$/, 'a metric-style name'), z.number()).optional(),
  /** Epoch milliseconds or seconds; now when absent. */
  timestamp: z.number().positive().optional(),
  /** A run (training, batch scoring) ends when it goes quiet; a service should keep reporting. A run when absent. */
  kind: z.enum(['run', 'service']).optional(),
  /** For a service: how often it reports; quiet for three of these, it is down. */
  expectedIntervalSeconds: z.number().min(1).max(86_400).optional(),
  /**
   * For a run: false while it works, true in its last report (it is done). A run that sends it ends
   * only by saying so: going quiet is then a stall, not its end.
   */
  finished: z.boolean().optional(),
});
export type IngestRecord = z.infer<typeof IngestRecord>;
export const IngestBatch = z.array(IngestRecord).min(1).max(10_000);

/** A stored series and the points a chart asked for. */
export const HistoryRequest = z.object({
  series: z.array(z.string().min(1).max(200)).min(1).max(64),
  from: z.number(),
  to: z.number(),
  /** About one point per pixel. */
  points: z.number().int().min(10).max(5000).default(600),
});
export const HistoryResponse = z.object({
  tier: z.enum(['raw', 'minute', 'hour']),
  stepMs: z.number(),
  series: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])) })),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const Hardware = z.object({
  cpu: z.object({ brand: z.string(), cores: z.number(), physicalCores: z.number(), speedGHz: z.number() }),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), kernel: z.string(), hostname: z.string() }),
  gpus: z.array(z.object({ vendor: z.string(), model: z.string(), vramBytes: z.number().nullable() })),
});
export type Hardware = z.infer<typeof Hardware>;
