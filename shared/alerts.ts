import { z } from 'zod';

export const Severity = z.enum(['INFO', 'WARNING', 'ERROR', 'CRITICAL']);
export type Severity = z.infer<typeof Severity>;
export const severityRank: Record<Severity, number> = { INFO: 0, WARNING: 1, ERROR: 2, CRITICAL: 3 };

export const AlertState = z.enum(['pending', 'firing', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

export const Alert = z.object({
  id: z.number(),
  /** rule + resource, e.g. "disk:/data": at most one open alert per identity. */
  identity: z.string(),
  rule: z.string(),
  resource: z.string().nullable(),
  severity: Severity,
  state: AlertState,
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  summary: z.string(),
  startedAt: z.number(),
  firedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  acknowledgedAt: z.number().nullable(),
  /** Acknowledgement expires here (null: until resolved). */
  acknowledgedUntil: z.number().nullable(),
  escalatedAt: z.number().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertTransition = z.object({
  alertId: z.number(),
  at: z.number(),
  from: z.string().nullable(),
  to: z.string(),
  severity: Severity,
  value: z.number().nullable(),
  reason: z.string(),
});
export type AlertTransition = z.infer<typeof AlertTransition>;

export const Silence = z.object({
  id: z.number(),
  /** Matches alerts whose rule equals it or matches it as a glob (`gpu*`), or any rule when null. */
  rule: z.string().nullable(),
  /** Matches alerts whose resource equals it or matches it as a glob (`/data*`), or any resource when null. */
  resource: z.string().nullable(),
  until: z.number(),
  comment: z.string(),
});
export type Silence = z.infer<typeof Silence>;

export const Notification = z.object({
  id: z.number(),
  channel: z.string(),
  createdAt: z.number(),
  attempts: z.number(),
  deliveredAt: z.number().nullable(),
  failedAt: z.number().nullable(),
  lastError: z.string().nullable(),
  summary: z.string(),
});
export type Notification = z.infer<typeof Notification>;

/** Whole-string match where `*` stands for any run of characters and `?` for one; nothing else is special. */
export function globMatches(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** Whether a silence covers an alert: rule and resource each equal, glob-matched, or left open (null). */
export function silenceMatches(silence: Pick<Silence, 'rule' | 'resource'>, alert: Pick<Alert, 'rule' | 'resource'>): boolean {
  const rule = silence.rule === null || globMatches(silence.rule, alert.rule);
  const resource = silence.resource === null || (alert.resource !== null && globMatches(silence.resource, alert.resource));
  return rule && resource;
}
