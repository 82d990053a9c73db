import type { z } from 'zod';

/**
 * One message per field of a form, keyed by the field's top-level key ('' for the form as a whole),
 * each starting with the label a person sees: `SMTP host: required`.
 */
export function fieldErrors(error: z.ZodError, labels: Record<string, string>): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (errors.has(key)) continue;
    const label = labels[key] ?? key;
    const empty = (issue.code === 'invalid_type' && issue.input === undefined) || (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array') && Number(issue.minimum) <= 1);
    const message = empty ? 'required' : issue.message;
    errors.set(key, label ? `${label}: ${message}` : message);
  }
  return errors;
}
