import type { ColumnRole } from '../../shared/drift';
import type { Column } from './load/table';

/** Fewer non-missing values than this on a side and uniqueness says nothing about a column. */
export const minValuesForIdentifier = 20;

/**
 * Why a column shared by both files is not a feature, or null when it is one: a row identifier
 * (every value distinct on each side, text or a dense run of integers), a time column (ISO-8601
 * text), or a constant (one and the same value on both sides).
 */
export function columnRole(reference: Column, current: Column): Exclude<ColumnRole, 'feature'> | null {
  if (looksLikeTimestamp(reference) && looksLikeTimestamp(current)) return 'timestamp';
  if (isIdentifier(reference) && isIdentifier(current)) return 'identifier';
  const a = constantValue(reference);
  if (a === undefined) return null;
  const b = constantValue(current);
  return b !== undefined && (a === null || b === null || a === b) ? 'constant' : null;
}

/** Whether a column looks like times (ISO-8601 text), for suggesting a timestamp column. */
export function looksLikeTimestamp(column: Column): boolean {
  if (column.kind === 'numeric') return false;
  const sample = column.dictionary.slice(0, 20);
  return sample.length > 0 && sample.every((text) => /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)));
}

function isIdentifier(column: Column): boolean {
  const present = (column.kind === 'numeric' ? column.values.length : column.codes.length) - column.missing;
  if (column.missing > 0 || present < minValuesForIdentifier) return false;
  // The dictionary holds each text once, so text is unique per row when it has one entry a row.
  if (column.kind === 'categorical') return column.dictionary.length === present;
  const values = column.values;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Integers spread thinly (incomes, counts) are measurements; identifiers run densely.
  const span = max - min + 1;
  if (span > 2 * present) return false;
  const seen = new Uint8Array(span);
  for (let i = 0; i < values.length; i++) {
    const at = values[i]! - min;
    if (seen[at]) return false;
    seen[at] = 1;
  }
  return true;
}

/** The one value a column holds (null when it holds none), or undefined when it holds several. */
function constantValue(column: Column): string | null | undefined {
  if (column.kind === 'categorical') {
    let code = -1;
    for (const c of column.codes) {
      if (c < 0 || c === code) continue;
      if (code >= 0) return undefined;
      code = c;
    }
    return code < 0 ? null : column.dictionary[code]!;
  }
  let value = NaN;
  for (const v of column.values) {
    if (Number.isNaN(v) || v === value) continue;
    if (!Number.isNaN(value)) return undefined;
    value = v;
  }
  return Number.isNaN(value) ? null : String(value);
}
