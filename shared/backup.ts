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

/** A configured source as the Backups page shows it; sizes are those of its last archive's tree (or of the folder now, before its first backup). */
export const SourceStatus = z.object({
  name: z.string(),
  path: z.string(),
  exclude: z.array(z.string()),
  /** The folder exists (false: "folder not found"). */
  exists: z.boolean(),
  sizeBytes: z.number().nullable(),
  files: z.number().nullable(),
  lastArchive: z.object({ id: z.number(), kind: BackupKind, at: z.number() }).nullable(),
  nextRun: z.number().nullable(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/** Exclude presets: what a data scientist never wants in a backup. */
export const excludePresets = [
  { label: 'Python caches', patterns: ['__pycache__', '*.pyc'] },
  { label: 'Notebook checkpoints', patterns: ['.ipynb_checkpoints'] },
  { label: 'wandb runs', patterns: ['wandb'] },
  { label: 'MLflow runs', patterns: ['mlruns'] },
  { label: 'Temporary files', patterns: ['*.tmp'] },
  { label: 'Virtual environments (.venv)', patterns: ['.venv'] },
] as const;
