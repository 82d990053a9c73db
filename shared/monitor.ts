import { z } from 'zod';

/** One tick of the system monitor. The monitor engine extends this shape. */
export const MonitorSample = z.object({
  at: z.number(),
  cpu: z.object({
    /** 0..100, all cores together. */
    total: z.number(),
    perCore: z.array(z.number()),
  }),
  memory: z.object({
    totalBytes: z.number(),
    /** total − available: page cache is not counted as used. */
    usedBytes: z.number(),
  }),
});
export type MonitorSample = z.infer<typeof MonitorSample>;
