import { z } from 'zod';

export const BackupKind = z.enum(['full', 'incremental', 'differential']);
export type BackupKind = z.infer<typeof BackupKind>;

export const ArchiveRecord = z.object({
  id: z.number(),
  source: z.string(),
  kind: BackupKind,
  parentId: z.number().nullable(),
  status: z.enum(['running', 'complete', 'failed']),
  files: z.number().nullable(),
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  path: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
});
export type ArchiveRecord = z.infer<typeof ArchiveRecord>;
